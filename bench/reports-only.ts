/** `npm run bench:reports`: the figures of the office alone (they are also part of `npm run bench`). */
import { reportsBench } from './reports.js';
await reportsBench((name, value, digits = 1) =>
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)}`),
);
