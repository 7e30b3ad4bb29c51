import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isUuid } from '../../platform/ids.js';
import { allowedCase } from '../case-policy.js';

/** Takes a case (or gives it back to the team), if the policy lets the actor work it. */
export async function assignCase({ caseId, toMe }: { caseId: string; toMe: boolean }, ctx: Context): Promise<boolean> {
  if (!isUuid(caseId) || ctx.actor.kind !== 'staff') return false;
  const userId = ctx.actor.userId;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    if (!(await allowedCase(tx, ctx, caseId, 'cases.work'))) return false;
    const { rowCount } = await tx.query('UPDATE cases SET assigned_to = $2 WHERE id = $1', [
      caseId,
      toMe ? userId : null,
    ]);
    if (rowCount)
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: toMe ? 'case.assigned' : 'case.unassigned',
        objectType: 'case',
        objectId: caseId,
      });
    return (rowCount ?? 0) > 0;
  });
}
