import type { Tx } from '../platform/database/index.js';

/**
 * Retention: staff sessions past their absolute end (they hold the address signed in from) and
 * one-time links that were used or have expired; none of them can be used again.
 */
export async function purgeEndedAccess(tx: Tx, now: Date): Promise<{ sessions: number; links: number }> {
  const sessions = await tx.query('DELETE FROM staff_sessions WHERE expires_at <= $1', [now]);
  const links = await tx.query('DELETE FROM staff_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL', [now]);
  return { sessions: sessions.rowCount ?? 0, links: links.rowCount ?? 0 };
}
