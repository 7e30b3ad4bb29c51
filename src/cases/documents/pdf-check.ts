import { Worker } from 'node:worker_threads';
import type { PdfInspectLimits, PdfVerdict } from './pdf-inspect.js';

/**
 * Runs the PDF check (pdf-inspect.ts) in worker threads with a heap limit and a time limit: a file
 * that makes the parser grow or run past either is refused as damaged (too complex to open
 * safely) and its worker terminated, which frees everything it held; the server goes on. At most
 * MAX_IN_FLIGHT checks run at once (the cores are for answering requests); the rest wait their
 * turn. Workers are kept between checks, since starting one (loading the parser) costs far more
 * than most checks, and a terminated one is replaced by the next check that needs it. The check
 * keeps nothing from one file to the next.
 */

export interface PdfWorkerLimits {
  /** The worker's old-generation heap, in MiB; typed arrays outside it are bounded by the inflate budget. */
  readonly memoryMb: number;
  readonly timeMs: number;
}

export const MAX_IN_FLIGHT = 2;

/**
 * A worker does not inherit the main thread's TypeScript loader (tsx, which `npm start` and the
 * tests run under), so it registers its own before it imports the check.
 */
const BOOTSTRAP = [
  `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
  'register();',
  `await import(${JSON.stringify(new URL('./pdf-worker.ts', import.meta.url).href)});`,
].join('\n');

interface PooledWorker {
  readonly thread: Worker;
  readonly memoryMb: number;
  /** Settles true once the worker has loaded the parser, false if it died first. */
  readonly ready: Promise<boolean>;
  alive: boolean;
}

const idle: PooledWorker[] = [];
let running = 0;
const waiting: (() => void)[] = [];

export async function checkPdfInWorker(
  bytes: Uint8Array,
  limits: PdfInspectLimits,
  worker: PdfWorkerLimits,
): Promise<PdfVerdict> {
  await slot();
  try {
    const pooled = takeWorker(worker.memoryMb);
    if (!(await pooled.ready)) return DAMAGED;
    const verdict = await ask(pooled, bytes, limits, worker.timeMs);
    if (pooled.alive) release(pooled);
    return verdict;
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** How many checks run now and wait, and how many workers are idle: for tests and the bench. */
export function pdfChecksInFlight(): { running: number; waiting: number; idle: number } {
  return { running, waiting: waiting.length, idle: idle.length };
}

function slot(): Promise<void> {
  if (running < MAX_IN_FLIGHT) {
    running += 1;
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    waiting.push(() => {
      running += 1;
      resolve();
    }),
  );
}

function takeWorker(memoryMb: number): PooledWorker {
  const index = idle.findIndex((w) => w.alive && w.memoryMb === memoryMb);
  if (index >= 0) {
    const [found] = idle.splice(index, 1);
    found!.thread.ref();
    return found!;
  }
  const thread = new Worker(BOOTSTRAP, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });
  const ready = new Promise<boolean>((resolve) => {
    thread.once('message', () => resolve(true));
    thread.once('exit', () => resolve(false));
  });
  const pooled: PooledWorker = { thread, memoryMb, ready, alive: true };
  thread.once('exit', () => {
    pooled.alive = false;
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
  });
  return pooled;
}

/** An idle worker does not keep the process alive. */
function release(pooled: PooledWorker): void {
  pooled.thread.unref();
  idle.push(pooled);
}

const DAMAGED: PdfVerdict = { ok: false, reason: 'damaged' };

/**
 * Settles once: with the worker's answer, or as damaged when the worker fails (out of memory,
 * an exception) or runs past the time limit; in both cases the worker is gone before this settles,
 * so the slot is given back only once its memory is.
 */
function ask(pooled: PooledWorker, bytes: Uint8Array, limits: PdfInspectLimits, timeMs: number): Promise<PdfVerdict> {
  const { thread } = pooled;
  return new Promise((resolve) => {
    const done = (verdict: PdfVerdict) => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
      resolve(verdict);
    };
    const onMessage = (verdict: PdfVerdict) => done(verdict);
    const onError = () => {
      pooled.alive = false;
      void thread.terminate();
    };
    const onExit = () => {
      pooled.alive = false;
      done(DAMAGED);
    };
    const timer = setTimeout(onError, timeMs);
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
    thread.postMessage({ bytes, limits });
  });
}
