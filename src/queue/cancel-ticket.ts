import type { Context } from '../platform/context.js';
import { tokenHash } from '../platform/crypto.js';
import { withTenant } from '../platform/database/index.js';
import { lockLocationQueue } from './call-next-ticket.js';
import { lockTicket, recordEvent, ticketLocation } from './tickets.js';

/** The person no longer waits (from their phone): a waiting or parked ticket ends as cancelled. */
export async function cancelTicket(
  { token }: { token: string },
  ctx: Context,
): Promise<'cancelled' | 'notOpen' | 'unknown'> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM queue_tickets WHERE token_hash = $1', [
      tokenHash(token),
    ]);
    if (!rows[0]) return 'unknown';
    const locationId = (await ticketLocation(tx, rows[0].id))!;
    await lockLocationQueue(tx, locationId);
    const ticket = (await lockTicket(tx, rows[0].id))!;
    if (ticket.status !== 'waiting' && ticket.status !== 'parked') return 'notOpen';
    await tx.query(`UPDATE queue_tickets SET status = 'cancelled', ended_at = now() WHERE id = $1`, [ticket.id]);
    await recordEvent(tx, {
      authorityId: ctx.authorityId,
      ticketId: ticket.id,
      locationId: ticket.locationId,
      event: 'cancelled',
      serviceId: ticket.serviceId,
      counterId: null,
      staffUserId: null,
    });
    return 'cancelled';
  });
}
