import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { stopOrphanedPostgres } from './orphan.js';

/** A stand-in postmaster: a process whose command line names postgres and that ends on SIGINT, as one does. */
function fakeProcess(name: string): { child: ChildProcess; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', name], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  return { child, exited };
}

let dataDir: string;
let clusterDir: string;
const started: ChildProcess[] = [];
before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-orphan-'));
  clusterDir = path.join(dataDir, 'pg');
  await mkdir(clusterDir);
});
after(async () => {
  for (const child of started) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function pretend(postmaster: number, owner: number): Promise<void> {
  await writeFile(path.join(clusterDir, 'postmaster.pid'), `${postmaster}\n${clusterDir}\n`);
  await writeFile(path.join(dataDir, 'embedded-pg-owner.pid'), `${owner}\n`);
}

test('a postmaster left running by an app that is gone is stopped (fast shutdown), and the log says so', async () => {
  const fake = fakeProcess('postgres');
  started.push(fake.child);
  // An owner pid that no process has: the app that started it was killed.
  await pretend(fake.child.pid!, 2 ** 22 + 17);
  const said: string[] = [];
  await stopOrphanedPostgres(dataDir, clusterDir, (line) => said.push(line));
  assert.equal(await fake.exited, 'SIGINT');
  assert.match(said.join('\n'), /outlived the app that started it .*stopping it/);
  assert.match(said.join('\n'), /stopped after SIGINT/);
});

test('a stale postmaster.pid, or one whose number now belongs to another program, is left alone', async () => {
  await pretend(2 ** 22 + 19, 2 ** 22 + 17);
  const said: string[] = [];
  await stopOrphanedPostgres(dataDir, clusterDir, (line) => said.push(line));
  const other = fakeProcess('something-else');
  started.push(other.child);
  await pretend(other.child.pid!, 2 ** 22 + 17);
  await stopOrphanedPostgres(dataDir, clusterDir, (line) => said.push(line));
  assert.deepEqual(said, []);
  assert.equal(other.child.exitCode, null, 'the other program still runs');
  assert.equal(other.child.signalCode, null);
});
