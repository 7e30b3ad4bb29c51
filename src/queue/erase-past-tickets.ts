import type { Day } from '../platform/clock/office-time.js';
import type { Tx } from '../platform/database/index.js';

/**
 * Retention: tickets of office days before `before` lose the phone link's hash and their link to an
 * appointment (the two ways back to a person). Number, service, location, language, counter, times
 * and events stay for the figures. Returns how many.
 */
export async function erasePastTickets(tx: Tx, before: Day, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    'UPDATE queue_tickets SET token_hash = NULL, appointment_id = NULL, erased_at = $2 WHERE erased_at IS NULL AND office_day < $1::date',
    [before, now],
  );
  return rowCount ?? 0;
}
