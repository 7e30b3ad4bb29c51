import type pg from 'pg';

export type Tx = pg.PoolClient;

async function inTransaction<T>(pool: pg.Pool, setup: (tx: Tx) => Promise<unknown>, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await setup(tx);
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}

/**
 * Runs `work` in a transaction scoped to one authority: row-level security in PostgreSQL shows and
 * accepts only that authority's rows (`app.authority_id`, reset at the end of the transaction).
 */
export function withTenant<T>(pool: pg.Pool, authorityId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(pool, (tx) => tx.query("SELECT set_config('app.authority_id', $1, true)", [authorityId]), work);
}

/** A transaction with no authority set: tenant-owned tables show no rows at all. */
export function withoutTenant<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(pool, async () => undefined, work);
}
