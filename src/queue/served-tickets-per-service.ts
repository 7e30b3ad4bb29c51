import type { Tx } from '../platform/database/index.js';

export interface ServedTickets {
  /** Walk-in and emergency tickets served (appointments checked in are counted by appointments/). */
  readonly walkIns: number;
  /** Served tickets of any kind with a call: the sample of the counter time. */
  readonly timed: number;
  /** Mean minutes from the (last) call to "served" over the timed tickets; null without any. */
  readonly meanCounterMinutes: number | null;
}

/**
 * The walk-ins served per service since a time and the measured counter time (called → served,
 * from the tickets' timestamps, appointments checked in at the kiosk included): inputs of the
 * staffing need (staffing/). Aggregates only; in the caller's tenant transaction.
 */
export async function servedTicketsPerService(tx: Tx, since: Date): Promise<Map<string, ServedTickets>> {
  const { rows } = await tx.query<{ service_id: string; walk_ins: number; timed: number; mean: number | null }>(
    `SELECT service_id,
            count(*) FILTER (WHERE kind <> 'appointment')::int AS walk_ins,
            count(*) FILTER (WHERE called_at IS NOT NULL AND ended_at >= called_at)::int AS timed,
            avg(extract(epoch FROM ended_at - called_at) / 60) FILTER (WHERE called_at IS NOT NULL AND ended_at >= called_at)::float8 AS mean
       FROM queue_tickets
      WHERE status = 'served' AND ended_at >= $1
      GROUP BY service_id`,
    [since],
  );
  return new Map(rows.map((r) => [r.service_id, { walkIns: r.walk_ins, timed: r.timed, meanCounterMinutes: r.mean }]));
}
