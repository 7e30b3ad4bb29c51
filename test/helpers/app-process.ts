import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storedSecret } from '../../src/platform/database/secrets.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The Node flags of `npm start` (package.json), so that a process here runs with the same memory settings. */
function npmStartArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [, ...args] = scripts.start.split(/\s+/);
  return args;
}

/**
 * A data folder for an app process on the test run's PostgreSQL. The application role is the
 * cluster's, and each app sets its password from its data folder at start: a folder of its own
 * would set another password and lock every other test app of the run out of new connections.
 * So the folder gets the run's password (kept in the run's shared folder).
 */
export async function dataDirOnTestCluster(prefix = 'willkommen-app-'): Promise<string> {
  const shared = process.env.WILLKOMMEN_TEST_DATA_DIR;
  if (!shared) throw new Error('Run the tests with `npm test`: it starts the PostgreSQL they use');
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await mkdir(path.join(dir, 'secrets'), { recursive: true });
  await writeFile(path.join(dir, 'secrets', 'pg-app-password'), `${await storedSecret(shared, 'pg-app-password')}\n`);
  return dir;
}

/** Every app process started here and still running: `killAppProcesses()` ends them whatever happened. */
const running = new Set<ChildProcess>();

/** A free TCP port on loopback (for the app, or its embedded PostgreSQL). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

export interface AppProcess {
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Sends a signal (default SIGKILL: no goodbye) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, as a supervisor stops it: in-flight requests finish, the database stops; the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  /** Environment on top of the test's own (DATA_DIR, DATABASE_URL, SMTP_URL, …). PORT is chosen unless given. */
  readonly env: Record<string, string>;
  /** How long the start may take until /health answers 200 (default 90 s: a first start runs initdb). */
  readonly timeoutMs?: number;
}

/**
 * Started: the console's "Willkommen runs at" (the start has finished: HTTP listens from an earlier
 * step on, so /health alone may answer while the start still runs) and /health 200, polled until
 * the deadline; rejects early when the process ends.
 */
async function healthy(base: string, exited: Promise<number | null>, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  let ended: number | null | undefined;
  void exited.then((code) => {
    ended = code;
  });
  while (Date.now() < deadline) {
    if (ended !== undefined) throw new Error(`the app exited (${ended}) before it was healthy:\n${output()}`);
    const status = !output().includes('Willkommen runs at')
      ? 0
      : await fetch(`${base}/health`).then(
          (r) => r.status,
          () => 0,
        );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app was not healthy within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts `src/main.ts` as `npm start` does, as a process of its own, and resolves once it has
 * started and its `/health` answers 200. Other tests start several on one database, or kill one and start it
 * again on the same DATA_DIR.
 */
export async function startAppProcess({ env, timeoutMs = 90_000 }: StartOptions): Promise<AppProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, npmStartArgs(), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    pid: child.pid!,
    port,
    base,
    output: () => output,
    exited,
    async kill(signal = 'SIGKILL') {
      child.kill(signal);
      return exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
  try {
    await healthy(base, exited, timeoutMs, app.output);
  } catch (error) {
    await app.kill();
    throw error;
  }
  return app;
}

/** Kills every app process still running (call in `after`, so that a failed test leaves none behind). */
export async function killAppProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
