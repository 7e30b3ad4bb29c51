/**
 * A start that fails part-way (here: the application role's connection is refused after the
 * migrations, the jobs and the live listeners have started) stops everything it had started. Left
 * running, a listener reconnecting on a timer kept a test process alive for ever after its tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from './helpers/app.js';

/** What keeps this process alive, by kind (timers, sockets), without stdin/stdout/stderr. */
function keptAlive(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo())
    if (!['PipeWrap', 'TTYWrap', 'FSReqCallback'].includes(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** The kinds of which more keep the process alive now than `before`, with the count now. */
function moreThan(before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(keptAlive()).filter(([kind, n]) => n > (before[kind] ?? 0)));
}

test('a start that fails part-way stops what it had started: nothing is left running', async () => {
  const before = keptAlive();
  const wrong = new URL(process.env.WILLKOMMEN_TEST_ADMIN_URL!);
  wrong.username = 'willkommen_app';
  wrong.password = 'not-the-password';
  await assert.rejects(startTestApp({ APP_DATABASE_URL: wrong.toString() }), /password authentication failed/);
  // Closing sockets and pools settles within moments; poll for it with a deadline.
  const deadline = Date.now() + 15_000;
  let left = moreThan(before);
  while (Object.keys(left).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = moreThan(before);
  }
  assert.deepEqual(left, {}, 'nothing more keeps the process alive than before the start');
});
