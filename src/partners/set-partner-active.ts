import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import { mayManageDirectory } from './directory-access.js';

/**
 * Deactivates a partner organisation (it leaves every public page; its rows stay for the referrals
 * that name it) or makes it active again; audited when it changes.
 */
export async function setPartnerActive(
  { id, active }: { id: string; active: boolean },
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: 'notAllowed' | 'notFound' }> {
  if (!mayManageDirectory(ctx)) return { ok: false, reason: 'notAllowed' };
  if (!isUuid(id)) return { ok: false, reason: 'notFound' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ was: boolean }>(
      `UPDATE partner_organisations p SET active = $2 FROM partner_organisations old
        WHERE p.id = $1 AND old.id = p.id RETURNING old.active AS was`,
      [id, active],
    );
    if (!rows[0]) return { ok: false as const, reason: 'notFound' as const };
    if (rows[0].was !== active)
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: active ? 'partner.reactivated' : 'partner.deactivated',
        objectType: 'partner_organisation',
        objectId: id,
      });
    return { ok: true as const };
  });
}
