import { queueOrder } from './call-next.js';
import type { LocationQueue, OpenTicket } from './location-queue.js';
import { estimateWaitMinutes } from './wait-estimate.js';

/** One number on the waiting-room display. `calls` grows with each recall, so a recall sounds again. */
export interface DisplayCall {
  readonly number: string;
  readonly counter: string;
  readonly calls: number;
}

/** How many calls the display shows (the newest first). */
export const DISPLAY_CALLS = 8;

/** What the waiting-room display shows: the people called to a counter or at one, newest call first. */
export function displayCalls(queue: LocationQueue): DisplayCall[] {
  const labels = new Map(queue.counters.map((c) => [c.id, c.label]));
  return queue.tickets
    .filter((t) => (t.status === 'called' || t.status === 'serving') && t.calledAt !== null)
    .sort((a, b) => b.calledAt! - a.calledAt! || b.seq - a.seq)
    .slice(0, DISPLAY_CALLS)
    .map((t) => ({ number: t.number, counter: labels.get(t.counterId ?? '') ?? '', calls: t.calls }));
}

/** Where one ticket stands, for the person's phone. */
export type TicketState =
  | {
      readonly status: 'waiting';
      readonly number: string;
      readonly position: number;
      readonly ahead: number;
      readonly waitMinutes: number;
    }
  | { readonly status: 'called' | 'serving'; readonly number: string; readonly counter: string; readonly calls: number }
  | { readonly status: 'parked'; readonly number: string }
  | { readonly status: 'ended' };

/** Positions of all waiting tickets among those of the same matter, computed once per snapshot. */
export function waitingPositions(
  queue: LocationQueue,
): Map<string, { position: number; ahead: number; waitMinutes: number }> {
  const waiting = queue.tickets.filter((t) => t.status === 'waiting');
  const perService = new Map<string, number>();
  const result = new Map<string, { position: number; ahead: number; waitMinutes: number }>();
  for (const ticket of queueOrder(waiting, queue.loadedAt)) {
    const ahead = perService.get(ticket.serviceId) ?? 0;
    perService.set(ticket.serviceId, ahead + 1);
    result.set(ticket.id, { position: ahead + 1, ahead, waitMinutes: estimateFor(queue, ticket.serviceId, ahead) });
  }
  return result;
}

function estimateFor(queue: LocationQueue, serviceId: string, ahead: number): number {
  return estimateWaitMinutes({
    ahead,
    recentServiceMinutes: queue.recentMinutes.get(serviceId) ?? [],
    fallbackMinutes: queue.usualMinutes.get(serviceId) ?? 15,
    counters: queue.counters.filter((c) => c.serviceIds.includes(serviceId)).length,
  });
}

/** What every phone page of a snapshot is computed from, built once per snapshot (1,000 pages, one pass). */
export interface QueueIndex {
  readonly positions: ReturnType<typeof waitingPositions>;
  readonly byId: ReadonlyMap<string, OpenTicket>;
  readonly labels: ReadonlyMap<string, string>;
}

export function indexQueue(queue: LocationQueue): QueueIndex {
  return {
    positions: waitingPositions(queue),
    byId: new Map(queue.tickets.map((t) => [t.id, t])),
    labels: new Map(queue.counters.map((c) => [c.id, c.label])),
  };
}

export function ticketState(index: QueueIndex, ticketId: string): TicketState {
  const ticket = index.byId.get(ticketId);
  if (!ticket) return { status: 'ended' };
  if (ticket.status === 'waiting') {
    const place = index.positions.get(ticket.id) ?? { position: 1, ahead: 0, waitMinutes: 0 };
    return { status: 'waiting', number: ticket.number, ...place };
  }
  if (ticket.status === 'parked') return { status: 'parked', number: ticket.number };
  return {
    status: ticket.status === 'serving' ? 'serving' : 'called',
    number: ticket.number,
    counter: index.labels.get(ticket.counterId ?? '') ?? '',
    calls: ticket.calls,
  };
}
