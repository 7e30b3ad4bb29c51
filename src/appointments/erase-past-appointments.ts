import type { Tx } from '../platform/database/index.js';

/**
 * Retention: appointments that started before `before` lose everything that names or reaches the
 * person (name, birth date, e-mail, permit expiry, identity keys, codes, links). Reference, service,
 * location, counter, channel, times, status and language stay for the figures. Returns how many.
 */
export async function erasePastAppointments(tx: Tx, before: Date, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE appointments SET first_name = NULL, last_name = NULL, birth_date = NULL, email = NULL, permit_expires_on = NULL,
            identity_key = NULL, email_key = NULL, code_hash = NULL, hold_token_hash = NULL, manage_token_hash = NULL,
            check_in_code = NULL, erased_at = $2
      WHERE erased_at IS NULL AND starts_at < $1`,
    [before, now],
  );
  return rowCount ?? 0;
}
