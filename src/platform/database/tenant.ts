import type pg from 'pg';
import { isUuid } from '../ids.js';
import { noteOutcome } from './health.js';
import { isDatabaseUnavailable } from './unavailable.js';

export type Tx = pg.PoolClient;

async function inTransaction<T>(pool: pg.Pool, begin: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  let tx: Tx;
  try {
    tx = await pool.connect();
  } catch (error) {
    noteOutcome(pool, error);
    throw error;
  }
  // A lost connection goes back to the pool as broken, so that it is closed and not handed out again.
  let broken: Error | undefined;
  try {
    await tx.query(begin);
    const result = await work(tx);
    await tx.query('COMMIT');
    noteOutcome(pool, null);
    return result;
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error as Error;
    else await tx.query('ROLLBACK').catch((rollback: unknown) => (broken = rollback as Error));
    noteOutcome(pool, error);
    throw error;
  } finally {
    tx.release(broken);
  }
}

/**
 * Runs `work` in a transaction scoped to one authority: row-level security in PostgreSQL shows and
 * accepts only that authority's rows (`app.authority_id`, reset at the end of the transaction).
 */
export function withTenant<T>(pool: pg.Pool, authorityId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  // One round trip for both statements; the id is a checked UUID, so it can stand in the SQL text.
  if (!isUuid(authorityId)) throw new Error('authority id must be a UUID');
  return inTransaction(pool, `BEGIN; SELECT set_config('app.authority_id', '${authorityId}', true)`, work);
}

/**
 * A transaction of a partner organisation's member of staff: the authority as in withTenant, and
 * `app.partner_id`, under which the referral tables' restrictive policies (migrations/025) show
 * only that partner's referrals with a consent valid now. Withdrawal or expiry takes effect on the
 * next statement; nothing in the application can widen it.
 */
export function withPartner<T>(
  pool: pg.Pool,
  authorityId: string,
  partnerId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!isUuid(authorityId) || !isUuid(partnerId)) throw new Error('authority and partner ids must be UUIDs');
  return inTransaction(
    pool,
    `BEGIN; SELECT set_config('app.authority_id', '${authorityId}', true), set_config('app.partner_id', '${partnerId}', true)`,
    work,
  );
}

/** A transaction with no authority set: tenant-owned tables show no rows at all. */
export function withoutTenant<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(pool, 'BEGIN', work);
}
