import type { Tx } from '../platform/database/index.js';

/**
 * How many cases (applications) each service received since a time: the case counts of the
 * staffing need (staffing/). Counts only, no person; in the caller's tenant transaction.
 */
export async function receivedCasesPerService(tx: Tx, since: Date): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ service_id: string; n: number }>(
    'SELECT service_id, count(*)::int AS n FROM cases WHERE received_at >= $1 GROUP BY service_id',
    [since],
  );
  return new Map(rows.map((r) => [r.service_id, r.n]));
}
