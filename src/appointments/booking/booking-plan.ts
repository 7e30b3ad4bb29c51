import { authorityStateCode, openingHoursOf } from '../../authorities/list-locations.js';
import type { BookingFacts } from '../../catalog/booking-facts.js';
import type { Tx } from '../../platform/database/index.js';
import { closedDaysFor } from './holidays.js';
import { addDays, instantOf, minutesOf, OFFICE_TIME_ZONE, type Day } from '../../platform/clock/office-time.js';
import {
  freeSlots,
  type BusyTime,
  type Channel,
  type CounterPlan,
  type DaySlots,
  type Hours,
  type SlotRequest,
} from './slots.js';

/** Appointments are planned in German local time, whatever the server's zone. */

export interface BookingRules {
  readonly horizonDays: number;
  readonly leadMinutes: number;
  readonly holdMinutes: number;
  readonly codeMinutes: number;
  readonly cooldownMinutes: number;
  readonly offerHours: number;
}

/** The service as booking sees it (catalogue's `bookingFacts`). */
export type BookableService = Pick<BookingFacts, 'id' | 'slug' | 'durationMinutes' | 'allocation'>;

/** The defaults of `booking_rules`, for an authority that has not changed them. */
export const DEFAULT_RULES: BookingRules = {
  horizonDays: 90,
  leadMinutes: 120,
  holdMinutes: 10,
  codeMinutes: 30,
  cooldownMinutes: 60,
  offerHours: 24,
};

/** Read only: every booking reads the rules, so they must never take a row lock. */
export async function bookingRules(tx: Tx, authorityId: string): Promise<BookingRules> {
  const { rows } = await tx.query<{
    horizon_days: number;
    lead_minutes: number;
    hold_minutes: number;
    code_minutes: number;
    cooldown_minutes: number;
    offer_hours: number;
  }>({
    name: 'booking-rules',
    text: 'SELECT horizon_days, lead_minutes, hold_minutes, code_minutes, cooldown_minutes, offer_hours FROM booking_rules WHERE authority_id = $1',
    values: [authorityId],
  });
  const r = rows[0];
  if (!r) return DEFAULT_RULES;
  return {
    horizonDays: r.horizon_days,
    leadMinutes: r.lead_minutes,
    holdMinutes: r.hold_minutes,
    codeMinutes: r.code_minutes,
    cooldownMinutes: r.cooldown_minutes,
    offerHours: r.offer_hours,
  };
}

async function counterPlans(tx: Tx, locationId: string): Promise<CounterPlan[]> {
  const { rows } = await tx.query<{
    id: string;
    service_ids: string[] | null;
    hours: { weekday: number; opens: string; closes: string; channel: Channel }[] | null;
  }>({
    name: 'counter-plans',
    text: `SELECT c.id,
              (SELECT array_agg(cs.service_id) FROM counter_services cs WHERE cs.counter_id = c.id) AS service_ids,
              (SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens, 'closes', h.closes, 'channel', h.channel))
                 FROM counter_hours h WHERE h.counter_id = c.id) AS hours
         FROM counters c WHERE c.location_id = $1 AND c.active ORDER BY c.label`,
    values: [locationId],
  });
  return rows.map((r) => ({
    id: r.id,
    serviceIds: r.service_ids ?? [],
    hours: (r.hours ?? []).map((h) => ({
      weekday: h.weekday,
      opens: minutesOf(h.opens),
      closes: minutesOf(h.closes),
      channel: h.channel,
    })),
  }));
}

async function openingHours(tx: Tx, locationId: string): Promise<Hours[]> {
  return (await openingHoursOf(tx, locationId)).map((h) => ({
    weekday: h.weekday,
    opens: minutesOf(h.opens),
    closes: minutesOf(h.closes),
  }));
}

// An authority's state (which decides its public holidays) does not change while it runs.
const states = new Map<string, string | null>();

async function stateOf(tx: Tx, authorityId: string): Promise<string | null> {
  if (!states.has(authorityId)) states.set(authorityId, await authorityStateCode(tx, authorityId));
  return states.get(authorityId)!;
}

async function closedDays(tx: Tx, authorityId: string, locationId: string, from: Day, days: number): Promise<Set<Day>> {
  // One statement after another: a transaction's connection runs one query at a time.
  const stateCode = await stateOf(tx, authorityId);
  const { rows: own } = await tx.query<{ day: string }>({
    name: 'closed-days',
    text: 'SELECT day FROM closed_days WHERE (location_id = $1 OR location_id IS NULL) AND day BETWEEN $2 AND $3',
    values: [locationId, from, addDays(from, days)],
  });
  return closedDaysFor(
    stateCode ?? 'BE',
    from,
    days,
    own.map((r) => r.day),
  );
}

/**
 * Time already taken at the location's counters: holds, unconfirmed and booked appointments,
 * cool-downs. One row per counter with arrays of epoch milliseconds: thousands of rows of
 * timestamps cost more to send and parse than to find.
 */
async function busyTimes(tx: Tx, locationId: string, from: number, until: number): Promise<BusyTime[]> {
  const { rows } = await tx.query<{ counter_id: string; starts: number[]; ends: number[] }>({
    name: 'busy-times',
    text: `SELECT counter_id, array_agg((extract(epoch FROM starts_at) * 1000)::float8 ORDER BY starts_at) AS starts,
                  array_agg((extract(epoch FROM ends_at) * 1000)::float8 ORDER BY starts_at) AS ends
             FROM appointments
            WHERE location_id = $1 AND occupies AND (releases_at IS NULL OR releases_at > now())
              AND starts_at < $3 AND ends_at > $2
            GROUP BY counter_id`,
    values: [locationId, new Date(from), new Date(until)],
  });
  return rows.flatMap((r) =>
    r.starts.map((startsAt, i) => ({ counterId: r.counter_id, startsAt, endsAt: r.ends[i]! })),
  );
}

export interface SlotSearch {
  readonly authorityId: string;
  readonly service: BookableService;
  readonly locationId: string;
  readonly channel: Channel;
  readonly firstDay: Day;
  readonly days: number;
  /** No slot before this instant. */
  readonly notBefore: number;
}

export interface SlotPlan {
  readonly request: SlotRequest;
  readonly counters: readonly CounterPlan[];
  readonly busy: readonly BusyTime[];
}

/**
 * Counters and opening hours change a few times a year but are read by every booking: kept for a
 * few seconds per location. A change made meanwhile shows a few seconds later; capacity itself is
 * never cached (the busy times are read fresh, and PostgreSQL decides every claim).
 */
const LAYOUT_TTL_MS = 5_000;
const layouts = new Map<string, { counters: CounterPlan[]; opening: Hours[]; until: number }>();

async function locationLayout(tx: Tx, locationId: string): Promise<{ counters: CounterPlan[]; opening: Hours[] }> {
  const hit = layouts.get(locationId);
  if (hit && hit.until > Date.now()) return hit;
  const fresh = {
    counters: await counterPlans(tx, locationId),
    opening: await openingHours(tx, locationId),
    until: Date.now() + LAYOUT_TTL_MS,
  };
  layouts.set(locationId, fresh);
  return fresh;
}

/** Forgets what is kept of a location's counters and hours (after a change in the settings). */
export function forgetLocationLayout(locationId?: string): void {
  if (locationId) layouts.delete(locationId);
  else layouts.clear();
}

/** Everything the slot function needs, read in the caller's transaction. */
export async function loadSlotPlan(tx: Tx, search: SlotSearch): Promise<SlotPlan> {
  const from = instantOf(search.firstDay, 0, OFFICE_TIME_ZONE);
  const until = instantOf(addDays(search.firstDay, search.days), 0, OFFICE_TIME_ZONE);
  const { counters, opening } = await locationLayout(tx, search.locationId);
  const closed = await closedDays(tx, search.authorityId, search.locationId, search.firstDay, search.days);
  const busy = await busyTimes(tx, search.locationId, from, until);
  const request: SlotRequest = {
    serviceId: search.service.id,
    durationMinutes: search.service.durationMinutes,
    channel: search.channel,
    firstDay: search.firstDay,
    days: search.days,
    notBefore: search.notBefore,
    timeZone: OFFICE_TIME_ZONE,
    openingHours: opening,
    closedDays: closed,
  };
  return { request, counters, busy };
}

/** The free slots of a search. */
export async function searchSlots(tx: Tx, search: SlotSearch): Promise<DaySlots[]> {
  const plan = await loadSlotPlan(tx, search);
  return freeSlots(plan.request, plan.counters, plan.busy);
}
