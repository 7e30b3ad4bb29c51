import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { startWillkommen, type Running } from '../../src/start.js';

/** A fresh database on the run's PostgreSQL (see scripts/test.ts), dropped by `drop()`. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.WILLKOMMEN_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('Run the tests with `npm test`: it starts the PostgreSQL they use');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestApp extends Running {
  readonly config: Config;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly base: string;
  close(): Promise<void>;
}

/** Starts the whole app (migrations, demo seeds, assets) on a fresh database and a free port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  // All test apps share the secrets folder, hence the one password of the cluster-wide app role.
  const dataDir = process.env.WILLKOMMEN_TEST_DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'willkommen-app-')));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    // The data folder is shared: each app keeps its audit checkpoints apart.
    AUDIT_CHECKPOINT_FILE: path.join(dataDir, 'audit-checkpoints', `${new URL(database.url).pathname.slice(1)}.jsonl`),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const running = await startWillkommen(config);
  return {
    ...running,
    config,
    base: running.url,
    async close() {
      await running.stop();
      await database.drop();
      if (!process.env.WILLKOMMEN_TEST_DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
