import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';

/** A lost or replaced tablet stops issuing tickets at once. */
export async function revokeKiosk({ kioskId }: { kioskId: string }, ctx: Context): Promise<boolean> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rowCount } = await tx.query(
      'UPDATE kiosk_devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [kioskId],
    );
    if (rowCount)
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'kiosk.revoked',
        objectType: 'kiosk',
        objectId: kioskId,
      });
    return (rowCount ?? 0) > 0;
  });
}
