import type { Context } from '../platform/context.js';
import { tokenHash } from '../platform/crypto.js';
import { withTenant } from '../platform/database/index.js';

export interface TicketRef {
  readonly id: string;
  readonly locationId: string;
  readonly number: string;
  /** A walk-in (not an appointment's) ticket that was served: the person may be asked about the visit. */
  readonly servedWalkIn: boolean;
}

/** The ticket behind a phone page's link (the token is the only key; a wrong one finds nothing). */
export async function findTicket({ token }: { token: string }, ctx: Context): Promise<TicketRef | null> {
  if (token.length < 20 || token.length > 100) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string; location_id: string; number: string; served_walk_in: boolean }>(
      `SELECT id, location_id, number, status = 'served' AND kind <> 'appointment' AS served_walk_in
         FROM queue_tickets WHERE token_hash = $1`,
      [tokenHash(token)],
    );
    const row = rows[0];
    return row
      ? { id: row.id, locationId: row.location_id, number: row.number, servedWalkIn: row.served_walk_in }
      : null;
  });
}
