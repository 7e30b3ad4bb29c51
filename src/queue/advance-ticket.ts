import { finishAppointmentVisit } from '../appointments/check-in/check-in-appointment.js';
import { countersAt } from '../appointments/check-in/counters-at.js';
import { walkInServices } from '../catalog/walk-in-services.js';
import type { Context } from '../platform/context.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import { lockLocationQueue, staffLanguages } from './call-next-ticket.js';
import { canStep, type TicketStep } from './ticket-steps.js';
import { actorCan } from '../platform/access/actor-access.js';
import { counterIsFree, lockTicket, recordEvent, ticketPlace, type QueueEvent, type TicketRow } from './tickets.js';

export type StepRefusal = 'unknown' | 'notAllowed' | 'counterBusy' | 'badTarget';

export interface StepOptions {
  readonly ticketId: string;
  readonly step: TicketStep;
  /** The counter of the caseworker (resume calls the person back to it). */
  readonly counterId?: string | undefined;
  /** Transfer: to another counter, or to another matter (back into the queue, keeping the place). */
  readonly toCounterId?: string | undefined;
  readonly toServiceId?: string | undefined;
}

const EVENT: Readonly<Record<TicketStep, QueueEvent>> = {
  recall: 'recalled',
  start: 'started',
  park: 'parked',
  resume: 'resumed',
  transfer: 'transferred',
  served: 'served',
  no_show: 'no_show',
};

/**
 * A caseworker's step with a called, served or parked ticket: recall, start, park, resume, transfer,
 * served, no-show. A ticket of a location or matter the caseworker does not reach is 'unknown' to
 * them. Handing a ticket over to another matter is allowed: it leaves their reach by it.
 */
export async function advanceTicket(
  options: StepOptions,
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: StepRefusal }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const place = await ticketPlace(tx, options.ticketId);
    if (!place || !actorCan(ctx.actor, 'queue.serve', { authorityId: ctx.authorityId, ...place }))
      return { ok: false, reason: 'unknown' };
    await lockLocationQueue(tx, place.locationId);
    const ticket = await lockTicket(tx, options.ticketId);
    // Checked again under the lock: the matter may have changed in between.
    const target = { authorityId: ctx.authorityId, locationId: ticket?.locationId, serviceId: ticket?.serviceId };
    if (!ticket || !actorCan(ctx.actor, 'queue.serve', target)) return { ok: false, reason: 'unknown' };
    if (!canStep(ticket.status, options.step)) return { ok: false, reason: 'notAllowed' };
    const result = await applyStep(tx, ticket, options);
    if (!result.ok) return result;
    const staff = await staffLanguages(tx, ctx);
    await recordEvent(tx, {
      authorityId: ctx.authorityId,
      ticketId: ticket.id,
      locationId: ticket.locationId,
      event: EVENT[options.step],
      serviceId: result.serviceId,
      counterId: result.counterId,
      staffUserId: staff.userId,
    });
    return { ok: true };
  });
}

type Applied = { ok: true; serviceId: string; counterId: string | null } | { ok: false; reason: StepRefusal };

async function applyStep(tx: Tx, ticket: TicketRow, options: StepOptions): Promise<Applied> {
  const same = { ok: true as const, serviceId: ticket.serviceId, counterId: ticket.counterId };
  switch (options.step) {
    case 'recall':
      await tx.query('UPDATE queue_tickets SET called_at = now(), calls = calls + 1 WHERE id = $1', [ticket.id]);
      return same;
    case 'start':
      await tx.query(`UPDATE queue_tickets SET status = 'serving', started_at = now() WHERE id = $1`, [ticket.id]);
      return same;
    case 'park':
      await tx.query(`UPDATE queue_tickets SET status = 'parked' WHERE id = $1`, [ticket.id]);
      return same;
    case 'resume':
      return resume(tx, ticket, options.counterId);
    case 'transfer':
      return transfer(tx, ticket, options);
    case 'served':
    case 'no_show':
      await tx.query(
        `UPDATE queue_tickets SET status = $2, ended_at = now(), started_at = CASE WHEN $2 = 'served' THEN coalesce(started_at, called_at) ELSE started_at END WHERE id = $1`,
        [ticket.id, options.step],
      );
      if (ticket.appointmentId) await finishAppointmentVisit(tx, ticket.appointmentId, options.step);
      return same;
  }
}

async function resume(tx: Tx, ticket: TicketRow, counterId: string | undefined): Promise<Applied> {
  const counter = (await countersAt(tx, ticket.locationId)).find((c) => c.id === (counterId ?? ticket.counterId));
  if (!counter) return { ok: false, reason: 'badTarget' };
  if (!(await counterIsFree(tx, counter.id))) return { ok: false, reason: 'counterBusy' };
  await tx.query(
    `UPDATE queue_tickets SET status = 'called', counter_id = $2, called_at = now(), calls = calls + 1 WHERE id = $1`,
    [ticket.id, counter.id],
  );
  return { ok: true, serviceId: ticket.serviceId, counterId: counter.id };
}

/** Back into the queue, keeping the arrival time: to one counter, or for another matter some counter serves. */
async function transfer(tx: Tx, ticket: TicketRow, { toCounterId, toServiceId }: StepOptions): Promise<Applied> {
  const counters = await countersAt(tx, ticket.locationId);
  const serviceId = toServiceId || ticket.serviceId;
  if (
    toServiceId &&
    !(await walkInServices(tx, 'de', ticket.locationId, { all: true })).some((s) => s.id === toServiceId)
  )
    return { ok: false, reason: 'badTarget' };
  const target = toCounterId ? counters.find((c) => c.id === toCounterId) : undefined;
  if (toCounterId && !target?.serviceIds.includes(serviceId)) return { ok: false, reason: 'badTarget' };
  if (!toCounterId && !toServiceId) return { ok: false, reason: 'badTarget' };
  if (!counters.some((c) => c.serviceIds.includes(serviceId))) return { ok: false, reason: 'badTarget' };
  await tx.query(
    `UPDATE queue_tickets SET status = 'waiting', service_id = $2, assigned_counter_id = $3, counter_id = NULL, called_at = NULL, started_at = NULL WHERE id = $1`,
    [ticket.id, serviceId, target?.id ?? null],
  );
  return { ok: true, serviceId, counterId: target?.id ?? null };
}
