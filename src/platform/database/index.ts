import pg from 'pg';
import type { Config } from '../config.js';
import { appRoleUrl } from './app-role.js';
import { startEmbeddedPostgres } from './embedded.js';
import { DatabaseHealth, guardPool, type HealthReport } from './health.js';
import { migrate } from './migrate.js';
import { endTenantReaders } from './tenant-reader.js';

export { withPartner, withTenant, withoutTenant, type Tx } from './tenant.js';
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
  /** One statement within PING_TIMEOUT_MS: whether the database answers now. */
  ping(): Promise<boolean>;
  /** The current outage (if any), the last one, and the connections lost since the start. */
  health(): HealthReport;
  close(): Promise<void>;
}

/** A health check must answer while the database does not: it waits this long for one. */
const PING_TIMEOUT_MS = 2_000;

export interface DatabaseOptions {
  /** What an operator should read (lost connections, the embedded server's fate); default: `log`. */
  readonly notice?: (message: string) => void;
  /** The embedded PostgreSQL died and could not be started again: the process should end (see README). */
  readonly onFatal?: (message: string) => void;
}

// Return dates as plain strings: the domain decides how to read a `date` (no time-zone shifts).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export async function openDatabase(
  config: Config,
  log: (message: string) => void,
  options: DatabaseOptions = {},
): Promise<Database> {
  const notice = options.notice ?? log;
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPgPort,
        log,
        notice,
        ...(options.onFatal ? { onFatal: options.onFatal } : {}),
      });
  const ownerUrl = config.databaseUrl ?? embedded!.url;
  const health = new DatabaseHealth();
  // Every connection of every pool has an error listener (guardPool): a terminated backend fails
  // the work in flight, never the process.
  const owner = guardPool(new pg.Pool({ connectionString: ownerUrl, max: 2 }), 'owner pool', notice);
  try {
    await migrate(owner);
    const appUrl = config.appDatabaseUrl ?? (await appRoleUrl(owner, ownerUrl, config.dataDir));
    const pool = guardPool(
      new pg.Pool({ connectionString: appUrl, max: config.databasePoolSize, connectionTimeoutMillis: 5_000 }),
      'pool',
      notice,
      health,
    );
    return {
      pool,
      owner,
      ownerUrl,
      appUrl,
      async ping() {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
        });
        const answered = pool.query('SELECT 1').then(
          () => true,
          () => false,
        );
        const up = await Promise.race([answered, late]);
        clearTimeout(timer);
        if (up) health.succeeded();
        else health.failed();
        return up;
      },
      health: () => health.report(),
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
