import type { Tx } from '../platform/database/index.js';
import { purgeQuietMisses } from './sign-in-attempts.js';

/**
 * Retention: staff sessions past their absolute end (they hold the address signed in from) and
 * one-time links that were used or have expired; none of them can be used again. Failed sign-ins
 * of addresses without an account go with them once they count no more (their keyed hashes are
 * not reported apart: they identify nobody and hold nothing).
 */
export async function purgeEndedAccess(tx: Tx, now: Date): Promise<{ sessions: number; links: number }> {
  const sessions = await tx.query('DELETE FROM staff_sessions WHERE expires_at <= $1', [now]);
  const links = await tx.query('DELETE FROM staff_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL', [now]);
  await purgeQuietMisses(tx, now);
  return { sessions: sessions.rowCount ?? 0, links: links.rowCount ?? 0 };
}
