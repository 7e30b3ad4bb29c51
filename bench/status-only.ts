/** `npm run bench:status`: the status-page figures alone (they are also part of `npm run bench`). */
import { statusBench } from './status.js';
await statusBench((name, value, digits = 1) =>
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)}`),
);
