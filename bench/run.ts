/**
 * `npm run bench`: starts Willkommen as in production (embedded PostgreSQL, demo office) and prints
 * each figure on a line of its own as `name: value`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureChromium } from '../scripts/ensure-chromium.js';
import { bookingBenches } from './booking.js';
import { queueBench } from './queue.js';
import { firstLoadBytes, load, withPeakRss } from './portal.js';
import { startBenchServer } from './server.js';
import { uploadBench } from './uploads.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function print(name: string, value: number, digits = 1): void {
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)}`);
}

async function main(): Promise<void> {
  process.env.CHROMIUM_PATH = ensureChromium((line) => console.error(line));
  const server = await startBenchServer();
  try {
    print('start.first_load_bytes', await firstLoadBytes(`${server.base}/de/`));
    await load(`${server.base}/de/`, 2); // warm-up: JIT, caches, connection pool
    await load(`${server.base}/de/services`, 2);
    const { result: start, peakMb: startRss } = await withPeakRss(server, () => load(`${server.base}/de/`, SECONDS));
    print('start.requests_per_s', start.requestsPerSecond);
    print('start.p99_ms', start.p99Ms);
    print('start.non_2xx', start.non2xx);
    // The same page with an unknown query parameter of its own on every request: the cache must still answer.
    const bypass = await load(`${server.base}/de/`, SECONDS, 50, { unknownParameter: true });
    print('start.cache_bypass.requests_per_s', bypass.requestsPerSecond);
    print('start.cache_bypass.non_2xx', bypass.non2xx);
    print('start.cache_bypass.ratio', bypass.requestsPerSecond / start.requestsPerSecond, 2);
    const { result: catalogue, peakMb: catalogueRss } = await withPeakRss(server, () =>
      load(`${server.base}/de/services`, SECONDS),
    );
    print('catalogue.requests_per_s', catalogue.requestsPerSecond);
    print('catalogue.p99_ms', catalogue.p99Ms);
    print('catalogue.non_2xx', catalogue.non2xx);
    print('memory.rss_mb', Math.max(startRss, catalogueRss));
  } finally {
    await server.stop();
  }
  // The same pages rendered on every request (page cache off), for comparison.
  const uncachedServer = await startBenchServer({ PAGE_CACHE_SECONDS: '0' });
  try {
    await load(`${uncachedServer.base}/de/`, 2);
    const uncached = await load(`${uncachedServer.base}/de/`, SECONDS);
    print('start.uncached.requests_per_s', uncached.requestsPerSecond);
    print('start.uncached.p99_ms', uncached.p99Ms);
  } finally {
    await uncachedServer.stop();
  }
  // Uploads: 16 concurrent maximal posts to the application form, the server's peak resident memory.
  await uploadBench(print);
  // Booking: the storm on 20 slots (HTTP and bare SQL) and 90 days of availability, on a server of their own.
  await bookingBenches(print);
  // The live queue: 1,000 phone pages and 20 displays, the time from "call next" to every client.
  await queueBench(print);
  // The status page of applications with 1,000,000 cases in the database, from a load generator in
  // a process of its own: autocannon shares the two cores with the server, and this process still
  // carries what the benches above left (a thousand closed event streams, hundreds of clients).
  await runAlone('bench/status-only.ts');
  // The office's figures over 1,000,000 cases and 2,000,000 appointments and tickets, likewise alone.
  await runAlone('bench/reports-only.ts');
}

/** Runs a bench script in a fresh Node process, its figures printed as they come. */
async function runAlone(script: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${script} ended with ${code}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
