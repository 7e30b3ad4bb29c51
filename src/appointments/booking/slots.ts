import { addDays, instantOf, isoWeekday, type Day } from '../../platform/clock/office-time.js';

/**
 * Free appointment slots: a pure function of the counters' plans, the location's opening hours,
 * closed days and the time already taken. Each counter's hours for a channel are cut into slots
 * of the service's length from the start of each window; a slot is free at a counter when nothing
 * occupying overlaps it there. The same start at several counters is one slot with that capacity.
 */

export type Channel = 'online' | 'staff' | 'emergency';

/** Minutes after local midnight. */
export interface Hours {
  readonly weekday: number;
  readonly opens: number;
  readonly closes: number;
}

export interface CounterPlan {
  readonly id: string;
  readonly serviceIds: readonly string[];
  readonly hours: readonly (Hours & { readonly channel: Channel })[];
}

export interface Interval {
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface BusyTime extends Interval {
  readonly counterId: string;
}

export interface SlotRequest {
  readonly serviceId: string;
  readonly durationMinutes: number;
  readonly channel: Channel;
  readonly firstDay: Day;
  readonly days: number;
  /** No slot starts before this instant (now plus the booking lead time). */
  readonly notBefore: number;
  readonly timeZone: string;
  /** The location's opening hours: no slot lies outside them, whatever a counter's plan says. */
  readonly openingHours: readonly Hours[];
  /** Public holidays of the state and the location's own closed days. */
  readonly closedDays: ReadonlySet<Day>;
}

export interface Slot extends Interval {
  /** The counters free for the whole slot; their number is the slot's remaining capacity. */
  readonly counterIds: readonly string[];
}

export interface DaySlots {
  readonly day: Day;
  readonly slots: readonly Slot[];
}

/** The parts of a counter's hours that lie inside the location's opening hours. */
function windows(counterHours: readonly Hours[], opening: readonly Hours[]): [number, number][] {
  const result: [number, number][] = [];
  for (const c of counterHours) {
    for (const o of opening) {
      const from = Math.max(c.opens, o.opens);
      const to = Math.min(c.closes, o.closes);
      if (from < to) result.push([from, to]);
    }
  }
  return result;
}

/** Busy intervals per counter, sorted; occupying rows of one counter never overlap each other. */
function busyByCounter(busy: readonly BusyTime[]): Map<string, Interval[]> {
  const map = new Map<string, Interval[]>();
  for (const b of busy) {
    const list = map.get(b.counterId) ?? [];
    list.push(b);
    map.set(b.counterId, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.startsAt - b.startsAt || a.endsAt - b.endsAt);
  return map;
}

/** Whether any interval overlaps [start, end): binary search for the first that ends after start. */
export function overlapsAny(sorted: readonly Interval[], start: number, end: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.endsAt <= start) low = mid + 1;
    else high = mid;
  }
  // Intervals may differ in length, so look on while they start before the end.
  for (let i = low; i < sorted.length && sorted[i]!.startsAt < end; i++) if (sorted[i]!.endsAt > start) return true;
  return false;
}

/** Local minute to instant; the day's noon offset serves all times from 03:00 on (DST switches before). */
function dayClock(day: Day, timeZone: string): (minute: number) => number {
  const noon = instantOf(day, 720, timeZone);
  return (minute) => (minute >= 180 ? noon + (minute - 720) * 60_000 : instantOf(day, minute, timeZone));
}

export function freeSlots(
  request: SlotRequest,
  counters: readonly CounterPlan[],
  busy: readonly BusyTime[],
): DaySlots[] {
  const length = request.durationMinutes;
  const serving = counters.filter((c) => c.serviceIds.includes(request.serviceId));
  const taken = busyByCounter(busy);
  const result: DaySlots[] = [];
  for (let i = 0; i < request.days; i++) {
    const day = addDays(request.firstDay, i);
    if (request.closedDays.has(day)) continue;
    const weekday = isoWeekday(day);
    const opening = request.openingHours.filter((h) => h.weekday === weekday);
    if (opening.length === 0) continue;
    const clock = dayClock(day, request.timeZone);
    const starts = new Map<number, { endsAt: number; counterIds: string[] }>();
    for (const counter of serving) {
      const hours = counter.hours.filter((h) => h.weekday === weekday && h.channel === request.channel);
      const counterBusy = taken.get(counter.id) ?? [];
      for (const [from, to] of windows(hours, opening)) {
        for (let minute = from; minute + length <= to; minute += length) {
          const startsAt = clock(minute);
          if (startsAt < request.notBefore) continue;
          const endsAt = clock(minute + length);
          if (overlapsAny(counterBusy, startsAt, endsAt)) continue;
          const slot = starts.get(startsAt) ?? { endsAt, counterIds: [] };
          if (!slot.counterIds.includes(counter.id)) slot.counterIds.push(counter.id);
          starts.set(startsAt, slot);
        }
      }
    }
    if (starts.size === 0) continue;
    const slots = [...starts]
      .map(([startsAt, s]) => ({ startsAt, endsAt: s.endsAt, counterIds: s.counterIds }))
      .sort((a, b) => a.startsAt - b.startsAt);
    result.push({ day, slots });
  }
  return result;
}
