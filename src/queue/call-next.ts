/**
 * Who a counter calls next from the walk-in queue of a location: a pure function of the waiting
 * tickets, the calling counter and the current instant (epoch milliseconds, passed in).
 *
 * A counter may call a ticket when it serves the ticket's matter and the ticket is not transferred
 * to another counter. Among those, lower class first:
 *   0. a booked appointment that is due (from DUE_EARLY_MINUTES before its start): a booking is a
 *      promise the office made, so it is kept before anyone who came without one;
 *   1. a ticket a caseworker transferred to this very counter: the person has already been seen
 *      and sent here, so they do not queue a second time;
 *   2. an emergency: typically someone whose permit expires, for whom a day's delay has legal
 *      consequences;
 *   3. an ordinary walk-in;
 *   4. an appointment checked in early: it keeps its promised time, but does not jump ahead of
 *      people who are waiting now.
 * Due and early appointments go by their booked start. Within a class, a person the caseworker can talk to
 * (German, or a language the caseworker speaks) goes first, but only until someone has waited
 * LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES: the preference is bounded so that nobody is passed over
 * indefinitely for the language they speak. Then arrival, issue number and id, so the order is total
 * and the same whatever order the tickets were read in.
 */

export type TicketKind = 'appointment' | 'emergency' | 'walk_in';

export interface WaitingTicket {
  readonly id: string;
  readonly kind: TicketKind;
  readonly serviceId: string;
  /** The person's language (locale code such as 'de','en','tr','uk','ar','ru','fa'). */
  readonly language: string;
  /** When the ticket was issued (or the appointment checked in), ms. */
  readonly arrivedAt: number;
  /** Issue order at the location that day; breaks ties of arrivedAt. */
  readonly seq: number;
  /** Start of the booked appointment (kind 'appointment' only), ms; null otherwise. */
  readonly dueAt: number | null;
  /** Set when a caseworker transferred the ticket to one counter: only that counter may call it. */
  readonly assignedCounterId: string | null;
}

export interface CallingCounter {
  readonly id: string;
  readonly serviceIds: readonly string[];
  /** Languages the caseworker at the counter speaks besides German (everyone speaks German). */
  readonly staffLanguages: readonly string[];
}

/** An appointment counts as due from this many minutes before its start. */
export const DUE_EARLY_MINUTES = 5;
/** A person whose language the caseworker does not speak is passed over for at most this long. */
export const LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES = 20;

const MINUTE = 60_000;

/**
 * An appointment without a start (inconsistent data) is never due: there is no promised time to
 * keep, and treating it as due would let it overtake everyone.
 */
export function isDueAppointment(ticket: WaitingTicket, now: number): boolean {
  return ticket.kind === 'appointment' && ticket.dueAt !== null && ticket.dueAt <= now + DUE_EARLY_MINUTES * MINUTE;
}

export function isEligible(ticket: WaitingTicket, counter: CallingCounter): boolean {
  return (
    counter.serviceIds.includes(ticket.serviceId) &&
    (ticket.assignedCounterId === null || ticket.assignedCounterId === counter.id)
  );
}

/** The class in pickNext's order (see the module comment); lower is called first. */
export function callClass(ticket: WaitingTicket, counter: CallingCounter, now: number): 0 | 1 | 2 | 3 | 4 {
  if (isDueAppointment(ticket, now)) return 0;
  if (ticket.assignedCounterId === counter.id) return 1;
  if (ticket.kind === 'emergency') return 2;
  if (ticket.kind === 'walk_in') return 3;
  return 4;
}

/** 0 when the caseworker can talk to the person, or the person has waited long enough; else 1. */
export function languageRank(ticket: WaitingTicket, counter: CallingCounter, now: number): 0 | 1 {
  if (ticket.language === 'de' || counter.staffLanguages.includes(ticket.language)) return 0;
  return now - ticket.arrivedAt >= LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES * MINUTE ? 0 : 1;
}

/** Code-unit order, not localeCompare: the tie-break must not depend on the server's locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareArrival(a: WaitingTicket, b: WaitingTicket): number {
  return a.arrivedAt - b.arrivedAt || a.seq - b.seq || compareIds(a.id, b.id);
}

/** Appointments without a start sort after those with one. */
function compareDue(a: WaitingTicket, b: WaitingTicket): number {
  const x = a.dueAt ?? Infinity;
  const y = b.dueAt ?? Infinity;
  return x === y ? 0 : x < y ? -1 : 1;
}

interface Keyed {
  readonly ticket: WaitingTicket;
  readonly cls: number;
  readonly lang: number;
}

function compareForCounter(a: Keyed, b: Keyed): number {
  return (
    a.cls - b.cls ||
    (a.cls === 0 || a.cls === 4 ? compareDue(a.ticket, b.ticket) : 0) ||
    a.lang - b.lang ||
    compareArrival(a.ticket, b.ticket)
  );
}

export function pickNext(
  waiting: readonly WaitingTicket[],
  counter: CallingCounter,
  now: number,
): WaitingTicket | null {
  let best: Keyed | null = null;
  for (const ticket of waiting) {
    if (!isEligible(ticket, counter)) continue;
    const keyed = { ticket, cls: callClass(ticket, counter, now), lang: languageRank(ticket, counter, now) };
    if (best === null || compareForCounter(keyed, best) < 0) best = keyed;
  }
  return best?.ticket ?? null;
}

/** The class in queueOrder: pickNext's classes without the counter's own transfers. */
function queueClass(ticket: WaitingTicket, now: number): 0 | 1 | 2 | 3 {
  if (isDueAppointment(ticket, now)) return 0;
  if (ticket.kind === 'emergency') return 1;
  if (ticket.kind === 'walk_in') return 2;
  return 3;
}

/** The location-wide order used to tell people their position (no counter, no language preference). */
export function queueOrder(waiting: readonly WaitingTicket[], now: number): WaitingTicket[] {
  const keyed = waiting.map((ticket) => ({ ticket, cls: queueClass(ticket, now) }));
  keyed.sort(
    (a, b) =>
      a.cls - b.cls ||
      (a.cls === 0 || a.cls === 3 ? compareDue(a.ticket, b.ticket) : 0) ||
      compareArrival(a.ticket, b.ticket),
  );
  return keyed.map((k) => k.ticket);
}

/** 1-based position of the ticket among the waiting tickets of the same service in queueOrder; null if absent. */
export function positionOf(
  waiting: readonly WaitingTicket[],
  ticketId: string,
  now: number,
): { position: number; ahead: number } | null {
  const ticket = waiting.find((t) => t.id === ticketId);
  if (!ticket) return null;
  const sameService = queueOrder(
    waiting.filter((t) => t.serviceId === ticket.serviceId),
    now,
  );
  const ahead = sameService.indexOf(ticket);
  return { position: ahead + 1, ahead };
}
