import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const WATCHDOG = path.join(import.meta.dirname, 'pg-watchdog.ts');

test('when the app is killed with SIGKILL, its watchdog asks the postmaster to shut down (SIGINT)', async () => {
  // A stand-in postmaster, not a child of the "app" below, as the real one outlives it.
  const postmaster = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const stopped = new Promise((resolve) => postmaster.once('exit', (_code, signal) => resolve(signal)));
  // The "app": starts a watchdog on that pid, says so, then waits to be killed.
  const script = `import { watchPostmaster } from ${JSON.stringify(WATCHDOG)};
    watchPostmaster(${postmaster.pid}, () => {}); console.log('watching'); setInterval(() => {}, 1000);`;
  const app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    app.stdout!.on('data', (chunk: Buffer) => chunk.includes('watching') && resolve()),
  );
  assert.equal(postmaster.exitCode, null, 'no shutdown while the app lives');
  app.kill('SIGKILL');
  assert.equal(await stopped, 'SIGINT');
});
