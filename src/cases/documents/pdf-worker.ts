import { parentPort } from 'node:worker_threads';
import { inspectPdf, type PdfInspectLimits } from './pdf-inspect.js';

// A hostile file's parser warnings are not the server's log (pdf-lib warns on the console).
console.warn = () => {};

/** A pool worker: checks one file at a time, as pdf-check.ts sends them, and answers each. */
parentPort?.on('message', async ({ bytes, limits }: { bytes: Uint8Array; limits: PdfInspectLimits }) => {
  parentPort?.postMessage(await inspectPdf(bytes, limits));
});

// Loading the parser takes longer than most checks; the pool starts a check's clock after this.
parentPort?.postMessage('ready');
