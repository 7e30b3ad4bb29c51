import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isCaseActionType, type CaseAction, type RefusalReason } from '../case-state.js';
import { applyAction } from '../case-store.js';
import { actorRef } from './open-case.js';
import { isUuid } from '../../platform/ids.js';

export interface ActionInput {
  readonly heardOn?: string | undefined;
  readonly reasons?: string | undefined;
  readonly counsellingInfoGiven?: boolean | undefined;
}

/** A caseworker's step in the case's state machine (review, decide, hear, propose, approve, …); refused with the machine's reason. */
export async function actOnCase(
  { caseId, type, input }: { caseId: string; type: string; input: ActionInput },
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: RefusalReason | 'unknown' }> {
  const by = actorRef(ctx.actor);
  if (!isUuid(caseId) || !by) return { ok: false, reason: 'unknown' };
  if (!isCaseActionType(type) || type === 'request_documents' || type === 'documents_received')
    return { ok: false, reason: 'unknown_action' };
  const action = {
    type,
    by,
    heardOn: input.heardOn ?? '',
    reasons: input.reasons ?? '',
    counsellingInfoGiven: input.counsellingInfoGiven === true,
  } as CaseAction;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const result = await applyAction(tx, { authorityId: ctx.authorityId, caseId, action, actor: ctx.actor });
    if (result.ok) await tx.query('UPDATE cases SET new_documents = false WHERE id = $1', [caseId]);
    return result.ok ? { ok: true } : result;
  });
}
