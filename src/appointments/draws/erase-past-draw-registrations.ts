import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { Tx } from '../../platform/database/index.js';
import type { Day } from '../../platform/clock/office-time.js';
import { URGENT_SQL } from './draw-rounds.js';

// A round is over when registration has closed and its last slot day has passed: no offer can follow.
const ROUND_OVER = `d.id = r.round_id AND d.slots_until < $1::date AND (d.closes_at AT TIME ZONE '${OFFICE_TIME_ZONE}')::date < $1::date`;

/**
 * Retention: registrations of draw rounds over before `before` (a day). Unconfirmed ones, never part
 * of a draw, are deleted; confirmed ones lose the person and keep pseudonym, urgency (as a flag),
 * draw position and outcome, so the published draw stays recomputable. Returns how many.
 */
export async function erasePastDrawRegistrations(tx: Tx, before: Day, now: Date): Promise<number> {
  const deleted = await tx.query(
    `DELETE FROM draw_registrations r USING draw_rounds d WHERE ${ROUND_OVER} AND r.confirmed_at IS NULL`,
    [before],
  );
  const erased = await tx.query(
    `UPDATE draw_registrations r SET urgent = ${URGENT_SQL}, first_name = NULL, last_name = NULL, birth_date = NULL, email = NULL,
            permit_expires_on = NULL, identity_key = NULL, email_key = NULL, code_hash = NULL, manage_token_hash = NULL, erased_at = $2
       FROM draw_rounds d
      WHERE ${ROUND_OVER} AND r.erased_at IS NULL`,
    [before, now],
  );
  return (deleted.rowCount ?? 0) + (erased.rowCount ?? 0);
}
