import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { can, STAFF_ACTIONS, scopesFor, type Target } from './policies.js';
import { ROLES, type Role } from './roles.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const L1 = '00000000-0000-4000-8000-000000000011';
const L2 = '00000000-0000-4000-8000-000000000012';
const S1 = '00000000-0000-4000-8000-000000000021';
const S2 = '00000000-0000-4000-8000-000000000022';
const actor = (...roles: Role[]) => ({
  authorityId: A,
  roles: roles.map((role) => ({ role, locationIds: null, serviceIds: null })),
});
const limited = (role: Role, locationIds: string[] | null, serviceIds: string[] | null) => ({
  authorityId: A,
  roles: [{ role, locationIds, serviceIds }],
});

test('only admins manage staff; only the data-protection officer reads the audit trail', () => {
  assert.ok(can(actor('authority_admin'), 'staff.manage'));
  assert.ok(!can(actor('caseworker', 'team_lead', 'partner', 'data_protection_officer'), 'staff.manage'));
  assert.ok(can(actor('data_protection_officer'), 'audit.read'));
  assert.ok(!can(actor('authority_admin', 'team_lead'), 'audit.read'));
});

test('caseworkers see, attend and book appointments; admins see but do not record attendance', () => {
  assert.ok(can(actor('caseworker'), 'appointments.view') && can(actor('caseworker'), 'appointments.book'));
  assert.ok(can(actor('caseworker'), 'appointments.attend'));
  assert.ok(
    can(actor('authority_admin'), 'appointments.view') && !can(actor('authority_admin'), 'appointments.attend'),
  );
  assert.ok(!can(actor('caseworker'), 'appointments.configure'));
  for (const action of ['appointments.view', 'appointments.book', 'appointments.configure'] as const) {
    assert.ok(!can(actor('partner', 'data_protection_officer'), action));
  }
});

test('cases: caseworkers and team leads decide, only team leads approve refusals, admins do neither', () => {
  for (const action of ['cases.view', 'cases.work', 'cases.decide'] as const) {
    assert.ok(can(actor('caseworker'), action) && can(actor('team_lead'), action));
    assert.ok(!can(actor('authority_admin', 'data_protection_officer', 'partner'), action));
  }
  assert.ok(can(actor('team_lead'), 'cases.approve_refusal'));
  assert.ok(!can(actor('caseworker', 'authority_admin'), 'cases.approve_refusal'));
});

test('nobody may act on an object of another authority, whatever their roles', () => {
  fc.assert(
    fc.property(fc.subarray([...ROLES]), fc.constantFrom(...STAFF_ACTIONS), (roles, action) => {
      assert.equal(can(actor(...roles), action, { authorityId: B }), false);
    }),
  );
});

test('without any role nothing is allowed', () => {
  for (const action of STAFF_ACTIONS) assert.equal(can(actor(), action), false);
});

test('a grant limited to a location and a service reaches only objects of both', () => {
  const worker = limited('caseworker', [L1], [S1]);
  assert.ok(can(worker, 'cases.view', { authorityId: A, locationId: L1, serviceId: S1 }));
  assert.ok(!can(worker, 'cases.view', { authorityId: A, locationId: L2, serviceId: S1 }));
  assert.ok(!can(worker, 'cases.view', { authorityId: A, locationId: L1, serviceId: S2 }));
  // An object of the whole authority (null) is reached only without a limit; a dimension the object
  // does not have (absent) does not limit.
  assert.ok(!can(worker, 'cases.view', { authorityId: A, locationId: null, serviceId: S1 }));
  assert.ok(can(worker, 'cases.view', { authorityId: A, serviceId: S1 }));
  assert.ok(can(limited('caseworker', null, [S1]), 'cases.view', { authorityId: A, locationId: null, serviceId: S1 }));
  // The route's check (no target) only asks for the role.
  assert.ok(can(worker, 'cases.view'));
});

test('can() with a target agrees with the scopes a list filters by', () => {
  const ids = fc.constantFrom(L1, L2);
  const sids = fc.constantFrom(S1, S2);
  const limit = (arb: fc.Arbitrary<string>) => fc.option(fc.uniqueArray(arb, { maxLength: 2 }), { nil: null });
  const grant = fc.record({ role: fc.constantFrom(...ROLES), locationIds: limit(ids), serviceIds: limit(sids) });
  fc.assert(
    fc.property(
      fc.array(grant, { maxLength: 3 }),
      fc.constantFrom(...STAFF_ACTIONS),
      fc.option(ids, { nil: null }),
      fc.option(sids, { nil: null }),
      (roles, action, locationId, serviceId) => {
        const subject = { authorityId: A, roles };
        const target: Target = { authorityId: A, locationId, serviceId };
        const byScopes = scopesFor(subject, action).some(
          (s) =>
            (s.locationIds === null || (locationId !== null && s.locationIds.includes(locationId))) &&
            (s.serviceIds === null || (serviceId !== null && s.serviceIds.includes(serviceId))),
        );
        assert.equal(can(subject, action, target), byScopes);
      },
    ),
  );
});

test("a partner's grant reaches only referrals to its own organisation; the office's roles have no partner dimension", () => {
  const X = '00000000-0000-4000-8000-000000000031';
  const Y = '00000000-0000-4000-8000-000000000032';
  const partnerOf = (partnerId: string | null) => ({
    authorityId: A,
    roles: [{ role: 'partner' as const, locationIds: null, serviceIds: null, partnerId }],
  });
  assert.ok(can(partnerOf(X), 'referrals.answer'));
  assert.ok(can(partnerOf(X), 'referrals.answer', { authorityId: A, partnerId: X }));
  assert.ok(!can(partnerOf(X), 'referrals.answer', { authorityId: A, partnerId: Y }));
  assert.ok(!can(partnerOf(null), 'referrals.answer', { authorityId: A, partnerId: X }), 'an unbound partner grant');
  assert.ok(!can(partnerOf(X), 'referrals.answer', { authorityId: B, partnerId: X }));
  assert.ok(!can(partnerOf(X), 'referrals.create', { authorityId: A, partnerId: X }));
  assert.ok(!can(partnerOf(X), 'cases.view'));
  // The caseworker refers to any partner; their service limits still apply.
  assert.ok(can(actor('caseworker'), 'referrals.create', { authorityId: A, partnerId: Y, serviceId: S1 }));
  assert.ok(
    !can(limited('caseworker', null, [S2]), 'referrals.create', { authorityId: A, partnerId: Y, serviceId: S1 }),
  );
  fc.assert(
    fc.property(fc.constantFrom(X, Y), fc.constantFrom(X, Y), (bound, addressed) => {
      assert.equal(
        can(partnerOf(bound), 'referrals.answer', { authorityId: A, partnerId: addressed }),
        bound === addressed,
      );
    }),
  );
});
