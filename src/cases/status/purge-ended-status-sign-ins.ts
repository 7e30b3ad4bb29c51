import type { Tx } from '../../platform/database/index.js';

/**
 * Retention: one-time codes of the status sign-in once they have run out and no longer count
 * towards the per-address limit (codes per hour), and sign-ins past their end. Used codes and ended sessions are
 * also tidied away during requests; this catches those of people who never came back.
 */
export async function purgeEndedStatusSignIns(tx: Tx, now: Date): Promise<{ codes: number; sessions: number }> {
  const codes = await tx.query(
    `DELETE FROM status_codes WHERE expires_at <= $1 AND created_at <= $1::timestamptz - interval '1 hour'`,
    [now],
  );
  const sessions = await tx.query('DELETE FROM status_sessions WHERE expires_at <= $1', [now]);
  return { codes: codes.rowCount ?? 0, sessions: sessions.rowCount ?? 0 };
}
