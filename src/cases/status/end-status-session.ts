import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { closeStatusSession } from './status-session.js';

/** Signing out: the session's row is deleted, so the cookie opens nothing even if it was copied. */
export async function endStatusSession({ session }: { session: string | undefined }, ctx: Context): Promise<void> {
  await withTenant(ctx.pool, ctx.authorityId, (tx) => closeStatusSession(tx, session));
}
