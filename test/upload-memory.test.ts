import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freshDatabase } from './helpers/app.js';
import { floodUploads, residentMb } from './helpers/upload-flood.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
let stopAll: () => Promise<void> = async () => {};
after(() => stopAll());

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The server as `npm start` runs it (same Node flags), in a process of its own so that its memory is its own. */
async function startServer(env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
    .scripts.start;
  const [, ...args] = script.split(/\s+/);
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Willkommen runs at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

test('16 concurrent posts of 200 MB to the application form keep the server under 500 MB resident', async () => {
  const database = await freshDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-upload-memory-'));
  // The request limit raised to the old 20 × 10 MiB, so that every post is streamed through,
  // not refused from its Content-Length (which the default of 55 MB would do).
  const { base, child } = await startServer({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    UPLOAD_REQUEST_MB: '210',
  });
  stopAll = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const before = residentMb(child.pid!).now;
  let sampled = before;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, residentMb(child.pid!).now);
  }, 20);
  const flood = await floodUploads(base, { posts: 16, bytesPerPost: 200 * MB });
  clearInterval(timer);
  const peak = Math.max(sampled, residentMb(child.pid!).peak);
  console.log(
    `upload flood: ${JSON.stringify(flood.statuses)} in ${flood.seconds.toFixed(1)} s; resident ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB`,
  );
  assert.ok(peak < 500, `peak resident memory ${peak.toFixed(0)} MB`);
  // Every post was answered with the form (files stored or refused by quota: 422; no slot: 503), never a 5xx else.
  for (const status of Object.keys(flood.statuses).map(Number))
    assert.ok([200, 422, 503].includes(status), `${status}`);
  assert.ok((flood.statuses[422] ?? 0) + (flood.statuses[200] ?? 0) >= 1, 'some posts were received whole');
  // The server still answers at once.
  const started = performance.now();
  assert.equal((await fetch(`${base}/health`)).status, 200);
  assert.ok(performance.now() - started < 1000);
});
