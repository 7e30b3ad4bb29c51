import type { Tx } from '../platform/database/index.js';
import { OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';

/** Requests per location, office weekday (ISO, 1 = Monday) and language. */
export interface LanguageCount {
  readonly locationId: string;
  readonly weekday: number;
  readonly language: string;
  readonly count: number;
}

/**
 * The languages people asked to be served in, from appointments since a moment (booked ones that
 * took place or were to: not held, cancelled or expired), for the competences' language coverage.
 */
export async function appointmentLanguages(tx: Tx, since: Date): Promise<LanguageCount[]> {
  const { rows } = await tx.query<{ location_id: string; weekday: number; language: string; count: number }>(
    `SELECT location_id, extract(isodow FROM starts_at AT TIME ZONE $2)::int AS weekday, locale AS language,
            count(*)::int AS count
       FROM appointments
      WHERE starts_at >= $1 AND locale IS NOT NULL AND status IN ('booked', 'arrived', 'served', 'no_show')
      GROUP BY 1, 2, 3`,
    [since, OFFICE_TIME_ZONE],
  );
  return rows.map((r) => ({ locationId: r.location_id, weekday: r.weekday, language: r.language, count: r.count }));
}

/** Who works at which location's counters on which weekday: the counter's usual member of staff and its hours. */
export async function counterStaffDays(tx: Tx): Promise<{ locationId: string; weekday: number; userId: string }[]> {
  const { rows } = await tx.query<{ location_id: string; weekday: number; user_id: string }>(
    `SELECT DISTINCT c.location_id, h.weekday::int AS weekday, c.staff_user_id AS user_id
       FROM counters c JOIN counter_hours h ON h.counter_id = c.id
      WHERE c.active AND c.staff_user_id IS NOT NULL`,
  );
  return rows.map((r) => ({ locationId: r.location_id, weekday: r.weekday, userId: r.user_id }));
}
