import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Every server started here; killed at the end whatever happened, so a failure cannot leave one running. */
const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `src/main.ts` as `npm start` does, on the embedded PostgreSQL, and waits for it to listen. */
async function start(
  dataDir: string,
  port: number,
  pgPort: number,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 90 s:\n${output}`)), 90_000);
    const check = setInterval(() => {
      if (/Willkommen runs at .*\n/.test(output)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

const dirs: string[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('npm start runs on the embedded PostgreSQL, restarts on the same data, and stops cleanly on SIGTERM', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-lifecycle-'));
  dirs.push(dataDir);
  const [port, pgPort] = [await freePort(), await freePort()];

  const first = await start(dataDir, port, pgPort);
  assert.match(first.output(), new RegExp(`http://localhost:${port}/`));
  // No default password: the console offers a one-time link to set up the first admin.
  assert.match(
    first.output(),
    new RegExp(`No admin yet\\.[^\\n]*\\n  http://localhost:${port}/staff/setup/[A-Za-z0-9_-]{43}\\n`),
  );
  // … and, beside it, a set-up link for each of the demo's six seeded staff accounts.
  const staffLinks = first
    .output()
    .match(new RegExp(`<[^>\\s]+@musterstadt\\.example>: http://localhost:${port}/staff/invitation/`, 'g'));
  assert.equal(staffLinks?.length, 6, first.output());
  assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
  const services = async () =>
    ((await (await fetch(`http://127.0.0.1:${port}/api/v1/services`)).json()) as { services: unknown[] }).services
      .length;
  const count = await services();
  assert.ok(count >= 15);
  assert.equal(await stop(first.child), 0, first.output());
  assert.equal(await portOpen(pgPort), false, 'embedded PostgreSQL stopped');
  assert.equal(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL shut down cleanly');

  // Second start on the same data: migrations and seeds are idempotent.
  const second = await start(dataDir, port, pgPort);
  assert.equal(await services(), count);
  assert.equal(await stop(second.child), 0, second.output());
  assert.equal(await portOpen(port), false);
  assert.equal(await portOpen(pgPort), false);
});

test('a start with a bad configuration stops at once with a clear message', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: 'eighty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(output, /Configuration error: PORT must be a whole number/);
});
