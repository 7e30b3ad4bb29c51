import { recordAudit } from '../../audit/record-audit.js';
import { locationsWithin, type Location } from '../../authorities/list-locations.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import { staffProfiles } from '../../identity/staff-store.js';
import { actorCan, actorScopes } from '../../platform/access/actor-access.js';
import { scopeCondition } from '../../platform/access/scope-sql.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { instantOf, addDays, isoWeekday, type Day } from '../../platform/clock/office-time.js';
import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { AppointmentStatus } from '../appointment-view.js';
import type { Channel } from '../booking/slots.js';

export interface DayEntry {
  readonly id: string;
  readonly reference: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly status: AppointmentStatus;
  readonly channel: Channel;
  readonly service: string;
  /** Null once the person's data was erased after the retention period (README "Retention"). */
  readonly name: string | null;
  readonly birthDate: string | null;
  /** The language the person asked to be written to, and whether the counter's staff speaks it. */
  readonly locale: string | null;
  readonly spokenHere: boolean;
  /** No one at any of the location's counters open that weekday speaks it: an interpreter may be needed. */
  readonly interpreterNeeded: boolean;
  readonly permitExpiresOn: string | null;
  /** Whether the actor may record the person's attendance (a role that only views may not). */
  readonly attendable: boolean;
}

export interface CounterDay {
  readonly id: string;
  readonly label: string;
  readonly staffName: string | null;
  readonly languages: readonly string[];
  readonly entries: readonly DayEntry[];
}

export interface DayView {
  readonly locations: readonly Location[];
  readonly location: Location;
  readonly day: Day;
  readonly counters: readonly CounterDay[];
}

/**
 * A location's appointments of one day, per counter, with the language each person asked for.
 * Shows personal data, so the view itself is written to the audit trail. Only the locations the
 * actor reaches can be picked (null for another: the route refuses), and of a location only the
 * appointments of the services they reach are read.
 */
export async function listDay(
  { locationSlug, day }: { locationSlug: string | undefined; day: Day },
  ctx: Context,
): Promise<DayView | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const scopes = actorScopes(ctx.actor, 'appointments.view');
    const locations = await locationsWithin(tx, 'de', scopes);
    const location = locationSlug ? locations.find((l) => l.slug === locationSlug) : locations[0];
    if (
      !location ||
      !actorCan(ctx.actor, 'appointments.view', { authorityId: ctx.authorityId, locationId: location.id })
    )
      return null;
    const { rows: counterRows } = await tx.query<{ id: string; label: string; staff_user_id: string | null }>(
      'SELECT id, label, staff_user_id FROM counters WHERE location_id = $1 ORDER BY label',
      [location.id],
    );
    const staff = await staffProfiles(
      tx,
      counterRows.flatMap((c) => (c.staff_user_id ? [c.staff_user_id] : [])),
    );
    const { rows: openToday } = await tx.query<{ id: string }>(
      'SELECT DISTINCT counter_id AS id FROM counter_hours WHERE weekday = $1 AND counter_id = ANY($2)',
      [isoWeekday(day), counterRows.map((c) => c.id)],
    );
    const open = new Set(openToday.map((c) => c.id));
    const spokenToday = new Set(
      counterRows.flatMap((c) =>
        open.has(c.id) && c.staff_user_id ? (staff.get(c.staff_user_id)?.languages ?? []) : [],
      ),
    );
    const counters = counterRows.map((c) => {
      const profile = c.staff_user_id ? staff.get(c.staff_user_id) : undefined;
      return {
        id: c.id,
        label: c.label,
        staff_name: profile?.displayName ?? null,
        languages: profile?.languages ?? [],
      };
    });
    const params: unknown[] = [
      location.id,
      new Date(instantOf(day, 0, OFFICE_TIME_ZONE)),
      new Date(instantOf(addDays(day, 1), 0, OFFICE_TIME_ZONE)),
    ];
    const reached = scopeCondition(scopes, { location: 'a.location_id', service: 'a.service_id' }, params);
    const { rows } = await tx.query<{
      id: string;
      counter_id: string;
      reference: string;
      starts_at: Date;
      ends_at: Date;
      status: AppointmentStatus;
      channel: Channel;
      service_id: string;
      first_name: string | null;
      last_name: string | null;
      birth_date: string | null;
      locale: string | null;
      permit_expires_on: string | null;
    }>(
      `SELECT a.id, a.counter_id, a.reference, a.starts_at, a.ends_at, a.status, a.channel, a.service_id,
              a.first_name, a.last_name, a.birth_date, a.locale, a.permit_expires_on
         FROM appointments a
        WHERE a.location_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
          AND a.status IN ('booked', 'arrived', 'served', 'no_show', 'offered') AND ${reached}
        ORDER BY a.starts_at`,
      params,
    );
    const services = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.service_id)))
      services.set(id, (await bookingFacts(tx, 'de', { id }))?.name ?? id);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'appointments.day.viewed',
      objectType: 'location',
      objectId: location.id,
      details: { day, appointments: rows.length },
    });
    return {
      locations,
      location,
      day,
      counters: counters.map((c) => ({
        id: c.id,
        label: c.label,
        staffName: c.staff_name,
        languages: c.languages ?? [],
        entries: rows
          .filter((r) => r.counter_id === c.id)
          .map((r) => ({
            id: r.id,
            reference: r.reference,
            startsAt: r.starts_at,
            endsAt: r.ends_at,
            status: r.status,
            channel: r.channel,
            service: services.get(r.service_id) ?? r.service_id,
            name: r.first_name === null ? null : `${r.first_name} ${r.last_name ?? ''}`,
            birthDate: r.birth_date,
            locale: r.locale,
            permitExpiresOn: r.permit_expires_on,
            attendable: actorCan(ctx.actor, 'appointments.attend', {
              authorityId: ctx.authorityId,
              locationId: location.id,
              serviceId: r.service_id,
            }),
            spokenHere: r.locale === 'de' || (r.locale !== null && (c.languages ?? []).includes(r.locale)),
            interpreterNeeded: r.locale !== null && r.locale !== 'de' && !spokenToday.has(r.locale),
          })),
      })),
    };
  });
}
