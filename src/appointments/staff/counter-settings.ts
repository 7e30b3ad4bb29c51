import { locationsWithin, openingHoursOf, type Location } from '../../authorities/list-locations.js';
import { servicesAt } from '../../catalog/booking-facts.js';
import { listStaff } from '../../identity/staff-store.js';
import { actorCan, actorScopes } from '../../platform/access/actor-access.js';
import type { StaffAction } from '../../platform/access/policies.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { Channel } from '../booking/slots.js';

export interface CounterSettings {
  readonly id: string;
  readonly label: string;
  readonly active: boolean;
  readonly staffUserId: string | null;
  readonly serviceIds: readonly string[];
  readonly hours: readonly { id: string; weekday: number; opens: string; closes: string; channel: Channel }[];
}

export interface LocationSettings {
  readonly locations: readonly Location[];
  readonly location: Location;
  readonly counters: readonly CounterSettings[];
  readonly services: readonly { id: string; slug: string }[];
  readonly staff: readonly { id: string; name: string }[];
  readonly closedDays: readonly { id: string; day: string; reason: string; allLocations: boolean }[];
  readonly openingHours: readonly { id: string; weekday: number; opens: string; closes: string }[];
}

/**
 * What the appointment settings page (and the booking for callers) shows for one location: only
 * the locations the actor reaches for the action can be picked; another one gives null.
 */
export async function locationSettings(
  { locationSlug, action }: { locationSlug: string | undefined; action: StaffAction },
  ctx: Context,
): Promise<LocationSettings | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const locations = await locationsWithin(tx, 'de', actorScopes(ctx.actor, action));
    const location = locationSlug ? locations.find((l) => l.slug === locationSlug) : locations[0];
    if (!location || !actorCan(ctx.actor, action, { authorityId: ctx.authorityId, locationId: location.id }))
      return null;
    const { rows } = await tx.query<{
      id: string;
      label: string;
      active: boolean;
      staff_user_id: string | null;
      service_ids: string[] | null;
      hours: CounterSettings['hours'] | null;
    }>(
      `SELECT c.id, c.label, c.active, c.staff_user_id,
              (SELECT array_agg(cs.service_id) FROM counter_services cs WHERE cs.counter_id = c.id) AS service_ids,
              (SELECT json_agg(json_build_object('id', h.id::text, 'weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                                 'closes', to_char(h.closes, 'HH24:MI'), 'channel', h.channel) ORDER BY h.weekday, h.opens)
                 FROM counter_hours h WHERE h.counter_id = c.id) AS hours
         FROM counters c WHERE c.location_id = $1 ORDER BY c.label`,
      [location.id],
    );
    const { rows: closed } = await tx.query<{ id: string; day: string; reason: string; all: boolean }>(
      `SELECT id::text, day, reason, location_id IS NULL AS all FROM closed_days WHERE (location_id = $1 OR location_id IS NULL) AND day >= current_date ORDER BY day`,
      [location.id],
    );
    return {
      locations,
      location,
      counters: rows.map((r) => ({
        id: r.id,
        label: r.label,
        active: r.active,
        staffUserId: r.staff_user_id,
        serviceIds: r.service_ids ?? [],
        hours: r.hours ?? [],
      })),
      services: await servicesAt(tx, location.id),
      staff: (await listStaff(tx))
        .filter((s) => s.status !== 'deactivated')
        .map((s) => ({ id: s.id, name: s.displayName })),
      closedDays: closed.map((c) => ({ id: c.id, day: c.day, reason: c.reason, allLocations: c.all })),
      openingHours: await openingHoursOf(tx, location.id),
    };
  });
}
