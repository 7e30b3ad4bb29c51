import { officeToday } from '../platform/clock/office-time.js';
import { locationsWithin, type Location } from '../authorities/list-locations.js';
import { actorCan, actorScopes } from '../platform/access/actor-access.js';
import { walkInServices } from '../catalog/walk-in-services.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { pickNext, type CallingCounter } from './call-next.js';
import { staffLanguages } from './call-next-ticket.js';
import { readLocationQueue, type OpenTicket } from './location-queue.js';
import type { QueueCounter } from '../appointments/check-in/counters-at.js';

export interface StaffTicket extends OpenTicket {
  readonly serviceName: string;
  /** Whether the caseworker looking speaks the person's language. */
  readonly speaks: boolean;
  /** Whether this counter may call the ticket (serves the matter, not transferred elsewhere). */
  readonly forThisCounter: boolean;
  readonly counterLabel: string;
}

export interface CounterQueue {
  readonly locations: readonly Location[];
  readonly location: Location;
  readonly counters: readonly QueueCounter[];
  readonly counter: QueueCounter | null;
  /** The person called to or at this counter. */
  readonly current: StaffTicket | null;
  /** Waiting, in the order this counter would call them (others after). */
  readonly waiting: readonly StaffTicket[];
  readonly parked: readonly StaffTicket[];
  /** Called or served at other counters. */
  readonly elsewhere: readonly StaffTicket[];
  /** The id "call next" would pick now (for the page to say who comes). */
  readonly nextId: string | null;
  readonly services: readonly { id: string; name: string }[];
  readonly now: number;
}

/**
 * The caseworker's queue page: their counter (theirs by default), who is at it, who waits. Only the
 * locations they reach can be picked (null for another), and only the tickets of matters they reach
 * are read.
 */
export async function counterQueue(
  { locationSlug, counterId }: { locationSlug: string | undefined; counterId: string | undefined },
  ctx: Context,
): Promise<CounterQueue | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const scopes = actorScopes(ctx.actor, 'queue.serve');
    const locations = await locationsWithin(tx, 'de', scopes);
    const location = locationSlug ? locations.find((l) => l.slug === locationSlug) : locations[0];
    if (!location || !actorCan(ctx.actor, 'queue.serve', { authorityId: ctx.authorityId, locationId: location.id }))
      return null;
    const now = Date.now();
    const queue = await readLocationQueue(tx, {
      authorityId: ctx.authorityId,
      locationId: location.id,
      officeDay: officeToday(now),
      now,
      scopes,
    });
    const staff = await staffLanguages(tx, ctx);
    const counter =
      queue.counters.find((c) => c.id === counterId) ??
      queue.counters.find((c) => c.staffUserId !== null && c.staffUserId === staff.userId) ??
      null;
    const services = (await walkInServices(tx, 'de', location.id, { all: true })).map((s) => ({
      id: s.id,
      name: s.name,
    }));
    const names = new Map(services.map((s) => [s.id, s.name]));
    const labels = new Map(queue.counters.map((c) => [c.id, c.label]));
    const calling = counter
      ? { id: counter.id, serviceIds: counter.serviceIds, staffLanguages: staff.languages }
      : null;
    const decorate = (t: OpenTicket): StaffTicket => ({
      ...t,
      serviceName: names.get(t.serviceId) ?? '',
      counterLabel: labels.get(t.counterId ?? '') ?? '',
      speaks: t.language === 'de' || staff.languages.includes(t.language),
      forThisCounter:
        calling?.serviceIds.includes(t.serviceId) === true &&
        (t.assignedCounterId === null || t.assignedCounterId === calling.id),
    });
    const waitingTickets = queue.tickets.filter((t) => t.status === 'waiting');
    const waiting = callOrder(waitingTickets, calling, now).map(decorate);
    return {
      locations,
      location,
      counters: queue.counters,
      counter,
      current: counter
        ? (queue.tickets
            .filter((t) => t.counterId === counter.id && (t.status === 'called' || t.status === 'serving'))
            .map(decorate)[0] ?? null)
        : null,
      waiting,
      parked: queue.tickets.filter((t) => t.status === 'parked').map(decorate),
      elsewhere: queue.tickets
        .filter((t) => (t.status === 'called' || t.status === 'serving') && t.counterId !== counter?.id)
        .map(decorate),
      nextId: calling ? (pickNext(waitingTickets, calling, now)?.id ?? null) : null,
      services,
      now,
    };
  });
}

/** The waiting in the order this counter would call them (the rule applied again and again), then the others by arrival. */
function callOrder(waiting: readonly OpenTicket[], counter: CallingCounter | null, now: number): OpenTicket[] {
  const left = [...waiting];
  const ordered: OpenTicket[] = [];
  for (let next = counter && pickNext(left, counter, now); next; next = counter && pickNext(left, counter, now)) {
    const picked = next;
    ordered.push(
      left.splice(
        left.findIndex((t) => t.id === picked.id),
        1,
      )[0]!,
    );
  }
  return [...ordered, ...left.sort((a, b) => a.arrivedAt - b.arrivedAt || a.seq - b.seq)];
}
