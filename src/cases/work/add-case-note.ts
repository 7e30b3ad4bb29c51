import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isUuid } from '../../platform/ids.js';

/** An internal note (never shown to the applicant). */
export async function addCaseNote(
  { caseId, body }: { caseId: string; body: string },
  ctx: Context,
): Promise<'ok' | 'empty' | 'unknown'> {
  const text = body.trim();
  if (text.length === 0 || text.length > 4000) return 'empty';
  if (!isUuid(caseId) || ctx.actor.kind !== 'staff') return 'unknown';
  const userId = ctx.actor.userId;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query('SELECT 1 FROM cases WHERE id = $1', [caseId]);
    if (!rows[0]) return 'unknown';
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
