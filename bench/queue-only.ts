/** `npm run bench:queue`: the live-queue figures alone (they are also part of `npm run bench`). */
import { queueBench } from './queue.js';
await queueBench((name, value, digits = 1) =>
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)}`),
);
