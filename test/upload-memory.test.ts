import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, test } from 'node:test';
import { freshDatabase } from './helpers/app.js';
import { dataDirOnTestCluster, startAppProcess } from './helpers/app-process.js';
import { floodUploads, residentMb } from './helpers/upload-flood.js';

const MB = 1024 * 1024;
let stopAll: () => Promise<void> = async () => {};
after(() => stopAll());

test('16 concurrent posts of 200 MB to the application form keep the server under 500 MB resident', async () => {
  const database = await freshDatabase();
  const dataDir = await dataDirOnTestCluster('willkommen-upload-memory-');
  // The server as `npm start` runs it (same Node flags), in a process of its own so that its memory
  // is its own. The request limit raised to the old 20 × 10 MiB, so that every post is streamed
  // through, not refused from its Content-Length (which the default of 55 MB would do).
  const server = await startAppProcess({
    env: { DATABASE_URL: database.url, DATA_DIR: dataDir, UPLOAD_REQUEST_MB: '210' },
  });
  const { base, pid } = server;
  stopAll = async () => {
    await server.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const before = residentMb(pid).now;
  let sampled = before;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, residentMb(pid).now);
  }, 20);
  const flood = await floodUploads(base, { posts: 16, bytesPerPost: 200 * MB });
  clearInterval(timer);
  const peak = Math.max(sampled, residentMb(pid).peak);
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
