import pg from 'pg';
import { isUuid } from '../ids.js';
import { guardPool, poolHealth } from './health.js';

/** The share of the application pool's size each authority's reading pool may open. */
const READER_SHARE = 0.5;

const readers = new WeakMap<pg.Pool, Map<string, pg.Pool>>();

/**
 * A pool whose connections belong to one authority from their start (the startup option sets
 * `app.authority_id` for the whole session), so that a lone statement sees that authority's rows
 * under row-level security in ONE round trip: no BEGIN, set_config and COMMIT around it. For the
 * hottest public reads (the status page); work of several statements belongs in `withTenant`.
 */
function readerPool(pool: pg.Pool, authorityId: string): pg.Pool {
  if (!isUuid(authorityId)) throw new Error('authority id must be a UUID');
  let byAuthority = readers.get(pool);
  if (!byAuthority) {
    byAuthority = new Map();
    readers.set(pool, byAuthority);
  }
  let reader = byAuthority.get(authorityId);
  if (!reader) {
    const { options } = pool;
    reader = new pg.Pool({
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectionTimeoutMillis,
      max: Math.max(2, Math.ceil((options.max ?? 10) * READER_SHARE)),
      options: `-c app.authority_id=${authorityId}`,
    });
    // A lost connection counts in the application pool's health; the request reading gets its 503.
    guardPool(reader, 'reading pool', () => undefined, poolHealth(pool));
    byAuthority.set(authorityId, reader);
  }
  return reader;
}

/** What reads: a transaction's connection, or an authority's reading pool. */
export type Reader = Pick<pg.Pool, 'query'>;

/** The authority's reading pool: each statement on its own, outside any transaction. */
export function tenantReader(pool: pg.Pool, authorityId: string): Reader {
  return readerPool(pool, authorityId);
}

/** Ends the reading pools made from this pool (when the database is closed). */
export async function endTenantReaders(pool: pg.Pool): Promise<void> {
  const byAuthority = readers.get(pool);
  readers.delete(pool);
  await Promise.all([...(byAuthority?.values() ?? [])].map((reader) => reader.end().catch(() => undefined)));
}
