import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../platform/access/roles.js';
import type { Actor, RoleGrant } from '../platform/context.js';
import { actorRef, caseTarget } from './case-policy.js';

const A = '00000000-0000-4000-8000-00000000000a';
const L1 = '00000000-0000-4000-8000-000000000011';
const X = '00000000-0000-4000-8000-000000000021';
const Y = '00000000-0000-4000-8000-000000000022';

function staff(...roles: RoleGrant[]): Actor {
  return { kind: 'staff', userId: 'u', email: 'u@example.org', authorityId: A, roles, ip: '127.0.0.1' };
}
const whole = (role: Role): RoleGrant => ({ role, locationIds: null, serviceIds: null });

test('the state machine hears from the policy: caseworkers decide, team leads also approve, admins neither', () => {
  const onX = caseTarget(A, X);
  assert.deepEqual(actorRef(staff(whole('caseworker')), onX), {
    userId: 'u',
    mayDecide: true,
    mayApproveRefusal: false,
  });
  assert.deepEqual(actorRef(staff(whole('team_lead')), onX), { userId: 'u', mayDecide: true, mayApproveRefusal: true });
  for (const role of ['authority_admin', 'data_protection_officer', 'partner'] as const)
    assert.deepEqual(actorRef(staff(whole(role)), onX), { userId: 'u', mayDecide: false, mayApproveRefusal: false });
  assert.equal(actorRef({ kind: 'system', process: 'test' }, onX), null);
});

test("a grant limited to a service reaches only that service's cases; a limit to locations does not narrow cases", () => {
  const lead = staff({ role: 'team_lead', locationIds: [L1], serviceIds: [X] });
  assert.deepEqual(actorRef(lead, caseTarget(A, X)), { userId: 'u', mayDecide: true, mayApproveRefusal: true });
  assert.deepEqual(actorRef(lead, caseTarget(A, Y)), { userId: 'u', mayDecide: false, mayApproveRefusal: false });
  // Two grants, each with its own reach: deciding on X, approving on Y.
  const mixed = staff(
    { role: 'caseworker', locationIds: null, serviceIds: [X] },
    {
      role: 'team_lead',
      locationIds: null,
      serviceIds: [Y],
    },
  );
  assert.deepEqual(actorRef(mixed, caseTarget(A, X)), { userId: 'u', mayDecide: true, mayApproveRefusal: false });
  assert.deepEqual(actorRef(mixed, caseTarget(A, Y)), { userId: 'u', mayDecide: true, mayApproveRefusal: true });
  assert.equal(caseTarget(A, X).locationId, undefined);
});
