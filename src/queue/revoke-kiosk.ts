import { recordAudit } from '../audit/record-audit.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';

/**
 * A lost or replaced tablet stops issuing tickets at once. False when there is no such kiosk (still
 * enrolled) at a location the actor configures; then nothing changes.
 */
export async function revokeKiosk({ kioskId }: { kioskId: string }, ctx: Context): Promise<boolean> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ location_id: string }>(
      'SELECT location_id FROM kiosk_devices WHERE id = $1 AND revoked_at IS NULL FOR UPDATE',
      [kioskId],
    );
    const locationId = rows[0]?.location_id;
    if (!locationId || !actorCan(ctx.actor, 'queue.configure', { authorityId: ctx.authorityId, locationId }))
      return false;
    await tx.query('UPDATE kiosk_devices SET revoked_at = now() WHERE id = $1', [kioskId]);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'kiosk.revoked',
      objectType: 'kiosk',
      objectId: kioskId,
    });
    return true;
  });
}
