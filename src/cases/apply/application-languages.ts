import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { Tx } from '../../platform/database/index.js';

/**
 * The languages online applications were made in since a moment, per office weekday of receipt
 * (ISO, 1 = Monday), for the competences' language coverage. Applications have no location.
 */
export async function applicationLanguages(
  tx: Tx,
  since: Date,
): Promise<{ weekday: number; language: string; count: number }[]> {
  const { rows } = await tx.query<{ weekday: number; language: string; count: number }>(
    `SELECT extract(isodow FROM received_at AT TIME ZONE $2)::int AS weekday, locale AS language, count(*)::int AS count
       FROM cases WHERE received_at >= $1 GROUP BY 1, 2`,
    [since, OFFICE_TIME_ZONE],
  );
  return rows;
}
