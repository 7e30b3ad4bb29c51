import type { Context } from '../platform/context.js';
import { tokenHash } from '../platform/crypto.js';
import { withTenant } from '../platform/database/index.js';

export interface TicketRef {
  readonly id: string;
  readonly locationId: string;
  readonly number: string;
}

/** The ticket behind a phone page's link (the token is the only key; a wrong one finds nothing). */
export async function findTicket({ token }: { token: string }, ctx: Context): Promise<TicketRef | null> {
  if (token.length < 20 || token.length > 100) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string; location_id: string; number: string }>(
      'SELECT id, location_id, number FROM queue_tickets WHERE token_hash = $1',
      [tokenHash(token)],
    );
    return rows[0] ? { id: rows[0].id, locationId: rows[0].location_id, number: rows[0].number } : null;
  });
}
