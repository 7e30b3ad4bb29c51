import type { Tx } from '../platform/database/index.js';

/**
 * The languages of walk-in and emergency tickets since an office day, per location and weekday
 * (ISO, 1 = Monday), for the competences' language coverage. Appointment check-ins are left out:
 * the appointment itself is counted.
 */
export async function ticketLanguages(
  tx: Tx,
  sinceDay: string,
): Promise<{ locationId: string; weekday: number; language: string; count: number }[]> {
  const { rows } = await tx.query<{ location_id: string; weekday: number; language: string; count: number }>(
    `SELECT location_id, extract(isodow FROM office_day)::int AS weekday, locale AS language, count(*)::int AS count
       FROM queue_tickets
      WHERE office_day >= $1 AND kind <> 'appointment'
      GROUP BY 1, 2, 3`,
    [sinceDay],
  );
  return rows.map((r) => ({ locationId: r.location_id, weekday: r.weekday, language: r.language, count: r.count }));
}
