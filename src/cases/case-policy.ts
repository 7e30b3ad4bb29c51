import { recordAudit } from '../audit/record-audit.js';
import { actorCan, actorScopes } from '../platform/access/actor-access.js';
import { can, type StaffAction, type Target } from '../platform/access/policies.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Actor, Context } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import type { ActorRef } from './case-state.js';

/**
 * A case as the staff policy sees it: its authority and its service. A case has no location: it
 * is applied for online, to the authority, and is worked wherever its service's team sits. So the
 * location dimension does not apply (absent, not null): a grant limited to locations reaches the
 * cases of its services, and a grant limited to services only those.
 */
export function caseTarget(authorityId: string, serviceId: string): Target {
  return { authorityId, serviceId };
}

/** The columns of `cases` (aliased as `alias`) that a list filters by, for `scopeCondition()`. */
export function caseScopeCondition(actor: Actor, action: StaffAction, alias: string, params: unknown[]): string {
  return scopeCondition(actorScopes(actor, action), { service: `${alias}.service_id` }, params);
}

/**
 * The actor as the state machine sees them: who, and what the policy allows them on this case
 * (the machine keeps the four-eyes rule: the approver is never the proposer).
 */
export function actorRef(actor: Actor, target: Target): ActorRef | null {
  if (actor.kind !== 'staff') return null;
  return {
    userId: actor.userId,
    mayDecide: can(actor, 'cases.decide', target),
    mayApproveRefusal: can(actor, 'cases.approve_refusal', target),
  };
}

export interface AllowedCase {
  readonly id: string;
  readonly serviceId: string;
  readonly target: Target;
}

/**
 * Loads the case and asks the policy whether the actor may do `action` to it, before anything is
 * read or changed. Null when the id is no case or the answer is no: the caller answers both alike
 * (404), so a refusal does not reveal that the case exists. A refusal of an existing case is
 * written to the audit trail as `case.access_refused` (an attempt, not something done).
 */
export async function allowedCase(
  tx: Tx,
  ctx: Context,
  caseId: string,
  action: StaffAction,
  { lock = false }: { lock?: boolean } = {},
): Promise<AllowedCase | null> {
  if (!isUuid(caseId)) return null;
  const { rows } = await tx.query<{ service_id: string }>(
    `SELECT service_id FROM cases WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  if (!rows[0]) return null;
  const target = caseTarget(ctx.authorityId, rows[0].service_id);
  if (actorCan(ctx.actor, action, target)) return { id: caseId, serviceId: rows[0].service_id, target };
  await recordAudit(tx, ctx.authorityId, ctx.actor, {
    action: 'case.access_refused',
    objectType: 'case',
    objectId: caseId,
    details: { action },
  });
  return null;
}
