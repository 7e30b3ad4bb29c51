/** `node --import tsx bench/upload-only.ts`: only the upload figures of `npm run bench`. */
import { uploadBench } from './uploads.js';

function print(name: string, value: number, digits = 1): void {
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)}`);
}

await uploadBench(print);
