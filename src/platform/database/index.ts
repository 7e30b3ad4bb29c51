import pg from 'pg';
import type { Config } from '../config.js';
import { appRoleUrl } from './app-role.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';
import { endTenantReaders } from './tenant-reader.js';

export { withTenant, withoutTenant, type Tx } from './tenant.js';
export { tenantReader, type Reader } from './tenant-reader.js';

export interface Database {
  /** Pool of the application role: everything the app does at run time goes through it. */
  readonly pool: pg.Pool;
  /** Owner pool, for migrations and seeding at start only. */
  readonly owner: pg.Pool;
  /** The owner's connection string, for the job queue (which keeps its own schema). */
  readonly ownerUrl: string;
  /** The application role's connection string, for a listening connection (LISTEN/NOTIFY). */
  readonly appUrl: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// Return dates as plain strings: the domain decides how to read a `date` (no time-zone shifts).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export async function openDatabase(config: Config, log: (message: string) => void): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const ownerUrl = config.databaseUrl ?? embedded!.url;
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  // pool.end() resolves before its clients have closed; a server stopping in that instant sends
  // them a termination notice, which must not crash the process (here or on the app pool below).
  owner.on('error', (error) => log(`database owner pool: ${error.message}`));
  try {
    await migrate(owner);
    const appUrl = config.appDatabaseUrl ?? (await appRoleUrl(owner, ownerUrl, config.dataDir));
    const pool = new pg.Pool({
      connectionString: appUrl,
      max: config.databasePoolSize,
      connectionTimeoutMillis: 5_000,
    });
    pool.on('error', (error) => log(`database pool: ${error.message}`));
    return {
      pool,
      owner,
      ownerUrl,
      appUrl,
      async ping() {
        try {
          await pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        await endTenantReaders(pool);
        await pool.end().catch(() => undefined);
        await owner.end().catch(() => undefined);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await owner.end().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}
