import { bookingFacts } from '../../catalog/booking-facts.js';
import { addDays, instantOf, OFFICE_TIME_ZONE, officeToday } from '../../platform/clock/office-time.js';
import type { Tx } from '../../platform/database/index.js';
import { bookingRules, searchSlots } from './booking-plan.js';

/** The coming capacity of one service at one location, for the office's reports. */
export interface FreeCapacity {
  readonly serviceId: string;
  readonly locationId: string;
  /** The first time a person could book online now (null: none within the window). */
  readonly nextFreeAt: Date | null;
  /** Free online appointments (slot × counter) in the window. */
  readonly freeSlots: number;
  /** Confirmed appointments in the window. */
  readonly booked: number;
}

/**
 * Next free time and free vs. booked capacity over the coming `days`, for every first-come service at
 * every location with a counter that serves it: the same slot search as the booking page (so "next
 * free" is what a person would be offered), in the caller's tenant transaction.
 */
export async function freeCapacity(
  tx: Tx,
  authorityId: string,
  days: number,
  now = Date.now(),
): Promise<FreeCapacity[]> {
  const { rows: pairs } = await tx.query<{ service_id: string; location_id: string }>(
    `SELECT DISTINCT cs.service_id, c.location_id FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
      WHERE c.active ORDER BY 1, 2`,
  );
  const today = officeToday(now);
  const { rows: booked } = await tx.query<{ service_id: string; location_id: string; n: number }>(
    `SELECT service_id, location_id, count(*)::int AS n FROM appointments
      WHERE status IN ('booked', 'arrived') AND starts_at >= $1 AND starts_at < $2 GROUP BY 1, 2`,
    [new Date(now), new Date(instantOf(addDays(today, days), 0, OFFICE_TIME_ZONE))],
  );
  const rules = await bookingRules(tx, authorityId);
  const result: FreeCapacity[] = [];
  for (const pair of pairs) {
    const service = await bookingFacts(tx, 'de', { id: pair.service_id });
    if (!service || service.allocation === 'draw') continue;
    const found = await searchSlots(tx, {
      authorityId,
      service,
      locationId: pair.location_id,
      channel: 'online',
      firstDay: today,
      days: Math.min(days, rules.horizonDays),
      notBefore: now + rules.leadMinutes * 60_000,
    });
    const slots = found.flatMap((d) => d.slots);
    result.push({
      serviceId: pair.service_id,
      locationId: pair.location_id,
      nextFreeAt: slots.length > 0 ? new Date(slots[0]!.startsAt) : null,
      freeSlots: slots.reduce((sum, slot) => sum + slot.counterIds.length, 0),
      booked: booked.find((b) => b.service_id === pair.service_id && b.location_id === pair.location_id)?.n ?? 0,
    });
  }
  return result;
}
