import { freeCapacity } from '../appointments/booking/free-capacity.js';
import { withTenant } from '../platform/database/index.js';
import type pg from 'pg';

/** The window of coming capacity the report shows (four weeks). */
export const CAPACITY_DAYS = 28;

/**
 * Stores the next free online time and the free vs. booked capacity of the coming four weeks per
 * service and location (appointments' own slot search), replacing the last snapshot. Run every 15
 * minutes: a report page then reads a few rows instead of searching slots for every service.
 */
export async function refreshLeadTimes(pool: pg.Pool, authorityId: string, now = Date.now()): Promise<number> {
  return withTenant(pool, authorityId, async (tx) => {
    const capacity = await freeCapacity(tx, authorityId, CAPACITY_DAYS, now);
    await tx.query('DELETE FROM report_lead_times');
    await tx.query(
      `INSERT INTO report_lead_times (authority_id, service_id, location_id, next_free_at, free_slots, booked)
       SELECT current_authority_id(), c."serviceId", c."locationId", c."nextFreeAt", c."freeSlots", c.booked
         FROM jsonb_to_recordset($1::jsonb) AS c("serviceId" uuid, "locationId" uuid, "nextFreeAt" timestamptz, "freeSlots" int, booked int)`,
      [JSON.stringify(capacity)],
    );
    await tx.query(
      `INSERT INTO report_runs (authority_id, lead_times_at) VALUES (current_authority_id(), $1)
       ON CONFLICT (authority_id) DO UPDATE SET lead_times_at = EXCLUDED.lead_times_at`,
      [new Date(now)],
    );
    return capacity.length;
  });
}
