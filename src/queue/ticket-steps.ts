/** Where a ticket stands. Open: waiting, called, serving, parked. Ended: served, no_show, cancelled. */
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'parked', 'served', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What a caseworker does with the ticket at their counter (calling the next one is call-next.ts). */
export const TICKET_STEPS = ['recall', 'start', 'park', 'resume', 'transfer', 'served', 'no_show'] as const;
export type TicketStep = (typeof TICKET_STEPS)[number];

/**
 * Which step may follow which status: a called person is recalled (not there yet), starts at the
 * counter, or did not come; a person at the counter is served, parked (e.g. to fetch a document)
 * or transferred to another counter or matter; a parked person is called back (resume).
 * No-show only before the person came to the counter: once started, the visit ends as served.
 */
const FROM: Readonly<Record<TicketStep, readonly TicketStatus[]>> = {
  recall: ['called'],
  start: ['called'],
  park: ['called', 'serving'],
  resume: ['parked'],
  transfer: ['called', 'serving', 'parked'],
  served: ['called', 'serving'],
  no_show: ['called', 'parked'],
};

const TO: Readonly<Record<TicketStep, TicketStatus>> = {
  recall: 'called',
  start: 'serving',
  park: 'parked',
  resume: 'called',
  transfer: 'waiting',
  served: 'served',
  no_show: 'no_show',
};

export function canStep(status: TicketStatus, step: TicketStep): boolean {
  return FROM[step].includes(status);
}

export function statusAfter(step: TicketStep): TicketStatus {
  return TO[step];
}

export function stepsFrom(status: TicketStatus): TicketStep[] {
  return TICKET_STEPS.filter((step) => canStep(status, step));
}

export function isTicketStep(value: unknown): value is TicketStep {
  return typeof value === 'string' && (TICKET_STEPS as readonly string[]).includes(value);
}

export function isOpen(status: TicketStatus): boolean {
  return status === 'waiting' || status === 'called' || status === 'serving' || status === 'parked';
}

/** The display's number: T (Termin, appointment), N (Notfall, emergency), W (walk-in), three digits or more. */
export function ticketNumber(kind: 'appointment' | 'emergency' | 'walk_in', seq: number): string {
  const letter = kind === 'appointment' ? 'T' : kind === 'emergency' ? 'N' : 'W';
  return `${letter}${String(seq).padStart(3, '0')}`;
}
