import type { Tx } from '../platform/database/index.js';

/**
 * How many appointments of each service were served since a time (at the counter or through a
 * checked-in ticket): the visit counts of the staffing need (staffing/). Counts only.
 */
export async function servedAppointmentsPerService(tx: Tx, since: Date): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ service_id: string; n: number }>(
    `SELECT service_id, count(*)::int AS n FROM appointments
      WHERE status = 'served' AND finished_at >= $1 GROUP BY service_id`,
    [since],
  );
  return new Map(rows.map((r) => [r.service_id, r.n]));
}
