import type { Day } from '../platform/clock/office-time.js';
import type { Tx } from '../platform/database/index.js';

/**
 * Retention: register rows of permits that expired before `before` are deleted. A reminder is only
 * ever sent before the expiry, and an import refuses expired rows, so nothing needs them any more.
 */
export async function purgeExpiredPermits(tx: Tx, before: Day): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM issued_permits WHERE expires_on < $1::date', [before]);
  return rowCount ?? 0;
}
