import type { Tx } from '../../platform/database/index.js';

/** A counter as the walk-in queue sees it: what it serves and who usually sits there. */
export interface QueueCounter {
  readonly id: string;
  readonly label: string;
  readonly staffUserId: string | null;
  readonly serviceIds: readonly string[];
}

/** The active counters of a location, in label order (in the caller's tenant transaction). */
export async function countersAt(tx: Tx, locationId: string): Promise<QueueCounter[]> {
  const { rows } = await tx.query<{
    id: string;
    label: string;
    staff_user_id: string | null;
    service_ids: string[] | null;
  }>({
    name: 'counters-at',
    text: `SELECT c.id, c.label, c.staff_user_id,
                  (SELECT array_agg(cs.service_id) FROM counter_services cs WHERE cs.counter_id = c.id) AS service_ids
             FROM counters c WHERE c.location_id = $1 AND c.active ORDER BY c.label`,
    values: [locationId],
  });
  return rows.map((r) => ({ id: r.id, label: r.label, staffUserId: r.staff_user_id, serviceIds: r.service_ids ?? [] }));
}

/** The location of an active counter, or null (in the caller's tenant transaction). */
export async function activeCounterLocation(tx: Tx, counterId: string): Promise<string | null> {
  const { rows } = await tx.query<{ location_id: string }>(
    'SELECT location_id FROM counters WHERE id = $1 AND active',
    [counterId],
  );
  return rows[0]?.location_id ?? null;
}
