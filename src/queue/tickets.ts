import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { randomToken, tokenHash } from '../platform/crypto.js';
import type { TicketKind } from './call-next.js';
import { ticketNumber, type TicketStatus } from './ticket-steps.js';

/** The channel on which every change of a location's queue is announced (payload: authority/location). */
export const QUEUE_CHANNEL = 'queue_changed';

export type QueueEvent =
  | 'issued'
  | 'checked_in'
  | 'called'
  | 'recalled'
  | 'started'
  | 'parked'
  | 'resumed'
  | 'transferred'
  | 'served'
  | 'no_show'
  | 'cancelled';

export interface NewTicket {
  readonly authorityId: string;
  readonly locationId: string;
  readonly serviceId: string;
  readonly officeDay: string;
  readonly kind: TicketKind;
  readonly locale: Locale;
  readonly appointmentId: string | null;
  readonly dueAt: Date | null;
  readonly kioskId: string | null;
}

export interface IssuedTicket {
  readonly id: string;
  readonly number: string;
  /** For the phone page's link: shown once, only its hash is stored. */
  readonly token: string;
}

/** The most tickets a location gives in a day (four digits on the display). */
export const MAX_TICKETS_PER_DAY = 9999;

/** Gives the day's next number at the location (one at a time, by row lock) and stores the ticket; null when the day is full. */
export async function insertTicket(tx: Tx, ticket: NewTicket): Promise<IssuedTicket | null> {
  const { rows: seqRows } = await tx.query<{ last_seq: number }>(
    `INSERT INTO queue_days (location_id, authority_id, office_day, last_seq) VALUES ($1, $2, $3, 1)
     ON CONFLICT (location_id, office_day) DO UPDATE SET last_seq = queue_days.last_seq + 1
     WHERE queue_days.last_seq < $4 RETURNING last_seq`,
    [ticket.locationId, ticket.authorityId, ticket.officeDay, MAX_TICKETS_PER_DAY],
  );
  const seq = seqRows[0]?.last_seq;
  if (seq === undefined) return null;
  const number = ticketNumber(ticket.kind, seq);
  const token = randomToken();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, appointment_id, locale,
                                token_hash, status, due_at, kiosk_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'waiting', $11, $12) RETURNING id`,
    [
      ticket.authorityId,
      ticket.locationId,
      ticket.serviceId,
      ticket.officeDay,
      seq,
      number,
      ticket.kind,
      ticket.appointmentId,
      ticket.locale,
      tokenHash(token),
      ticket.dueAt,
      ticket.kioskId,
    ],
  );
  const id = rows[0]!.id;
  await recordEvent(tx, {
    authorityId: ticket.authorityId,
    ticketId: id,
    locationId: ticket.locationId,
    event: ticket.kind === 'appointment' ? 'checked_in' : 'issued',
    serviceId: ticket.serviceId,
    counterId: null,
    staffUserId: null,
  });
  return { id, number, token };
}

export interface EventRecord {
  readonly authorityId: string;
  readonly ticketId: string;
  readonly locationId: string;
  readonly event: QueueEvent;
  readonly serviceId: string;
  readonly counterId: string | null;
  readonly staffUserId: string | null;
}

/** Stores the event with its time and tells every listening instance that the location's queue changed (on commit). */
export async function recordEvent(tx: Tx, event: EventRecord): Promise<void> {
  await tx.query(
    `INSERT INTO queue_events (authority_id, ticket_id, location_id, event, service_id, counter_id, staff_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.authorityId,
      event.ticketId,
      event.locationId,
      event.event,
      event.serviceId,
      event.counterId,
      event.staffUserId,
    ],
  );
  await tx.query('SELECT pg_notify($1, $2)', [QUEUE_CHANNEL, `${event.authorityId}/${event.locationId}`]);
}

export interface TicketRow {
  readonly id: string;
  readonly locationId: string;
  readonly serviceId: string;
  readonly number: string;
  readonly kind: TicketKind;
  readonly status: TicketStatus;
  readonly counterId: string | null;
  readonly appointmentId: string | null;
}

/** One ticket, locked for a change. */
export async function lockTicket(tx: Tx, ticketId: string): Promise<TicketRow | null> {
  const { rows } = await tx.query<{
    id: string;
    location_id: string;
    service_id: string;
    number: string;
    kind: TicketKind;
    status: TicketStatus;
    counter_id: string | null;
    appointment_id: string | null;
  }>(
    'SELECT id, location_id, service_id, number, kind, status, counter_id, appointment_id FROM queue_tickets WHERE id = $1 FOR UPDATE',
    [ticketId],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        locationId: r.location_id,
        serviceId: r.service_id,
        number: r.number,
        kind: r.kind,
        status: r.status,
        counterId: r.counter_id,
        appointmentId: r.appointment_id,
      }
    : null;
}

/** The location of a ticket, read without a lock: the location's queue lock is taken before the ticket's row lock. */
export async function ticketLocation(tx: Tx, ticketId: string): Promise<string | null> {
  return (await ticketPlace(tx, ticketId))?.locationId ?? null;
}

/** A ticket's location and matter, read without a lock (for the check of who may act on it). */
export async function ticketPlace(tx: Tx, ticketId: string): Promise<{ locationId: string; serviceId: string } | null> {
  const { rows } = await tx.query<{ location_id: string; service_id: string }>(
    'SELECT location_id, service_id FROM queue_tickets WHERE id = $1',
    [ticketId],
  );
  return rows[0] ? { locationId: rows[0].location_id, serviceId: rows[0].service_id } : null;
}

/** Whether no one is called to or served at the counter now (whoever's matter it is). */
export async function counterIsFree(tx: Tx, counterId: string): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM queue_tickets WHERE counter_id = $1 AND status IN ('called', 'serving')`,
    [counterId],
  );
  return rows.length === 0;
}
