import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isUuid } from '../../platform/ids.js';
import { allowedCase } from '../case-policy.js';

/** An internal note (never shown to the applicant), by staff the policy lets work the case. */
export async function addCaseNote(
  { caseId, body }: { caseId: string; body: string },
  ctx: Context,
): Promise<'ok' | 'empty' | 'unknown'> {
  if (!isUuid(caseId) || ctx.actor.kind !== 'staff') return 'unknown';
  const userId = ctx.actor.userId;
  const text = body.trim();
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    // Asked before the text is looked at: whoever may not work the case learns nothing about it.
    if (!(await allowedCase(tx, ctx, caseId, 'cases.work'))) return 'unknown';
    if (text.length === 0 || text.length > 4000) return 'empty';
    await tx.query('INSERT INTO case_notes (authority_id, case_id, staff_user_id, body) VALUES ($1, $2, $3, $4)', [
      ctx.authorityId,
      caseId,
      userId,
      text,
    ]);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'case.note_added',
      objectType: 'case',
      objectId: caseId,
    });
    return 'ok';
  });
}
