import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isCaseActionType, type CaseAction, type RefusalReason } from '../case-state.js';
import { applyAction } from '../case-store.js';
import { actorRef, allowedCase } from '../case-policy.js';

export interface ActionInput {
  readonly heardOn?: string | undefined;
  readonly reasons?: string | undefined;
  readonly counsellingInfoGiven?: boolean | undefined;
}

/**
 * A caseworker's step in the case's state machine (review, decide, hear, propose, approve, …). Only
 * for staff the policy lets work the case (`cases.work`, else 'unknown': the route answers 404);
 * whether they may decide it (`cases.decide`) or approve a refusal (`cases.approve_refusal`) the
 * policy says too, and the machine refuses with its reason ('role_missing', 'same_person', …).
 */
export async function actOnCase(
  { caseId, type, input }: { caseId: string; type: string; input: ActionInput },
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: RefusalReason | 'unknown' }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const allowed = await allowedCase(tx, ctx, caseId, 'cases.work');
    const by = allowed && actorRef(ctx.actor, allowed.target);
    if (!by) return { ok: false, reason: 'unknown' };
    if (!isCaseActionType(type) || type === 'request_documents' || type === 'documents_received')
      return { ok: false, reason: 'unknown_action' };
    const action = {
      type,
      by,
      heardOn: input.heardOn ?? '',
      reasons: input.reasons ?? '',
      counsellingInfoGiven: input.counsellingInfoGiven === true,
    } as CaseAction;
    const result = await applyAction(tx, { authorityId: ctx.authorityId, caseId, action, actor: ctx.actor });
    if (result.ok) await tx.query('UPDATE cases SET new_documents = false WHERE id = $1', [caseId]);
    return result.ok ? { ok: true } : result;
  });
}
