import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { can, type StaffAction } from './policies.js';
import { ROLES } from './roles.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const actor = (...roles: (typeof ROLES)[number][]) => ({
  authorityId: A,
  roles: roles.map((role) => ({ role, locationIds: null, serviceIds: null })),
});
const ACTIONS: StaffAction[] = [
  'dashboard.view',
  'profile.edit',
  'staff.manage',
  'audit.read',
  'appointments.view',
  'appointments.book',
  'appointments.configure',
];

test('only admins manage staff; only the data-protection officer reads the audit trail', () => {
  assert.ok(can(actor('authority_admin'), 'staff.manage'));
  assert.ok(!can(actor('caseworker', 'team_lead', 'partner', 'data_protection_officer'), 'staff.manage'));
  assert.ok(can(actor('data_protection_officer'), 'audit.read'));
  assert.ok(!can(actor('authority_admin', 'team_lead'), 'audit.read'));
});

test('caseworkers see and book appointments; team leads and admins configure counters; partners and the DPO do neither', () => {
  assert.ok(can(actor('caseworker'), 'appointments.view') && can(actor('caseworker'), 'appointments.book'));
  assert.ok(!can(actor('caseworker'), 'appointments.configure'));
  assert.ok(
    can(actor('team_lead'), 'appointments.configure') && can(actor('authority_admin'), 'appointments.configure'),
  );
  for (const action of ['appointments.view', 'appointments.book', 'appointments.configure'] as const) {
    assert.ok(!can(actor('partner', 'data_protection_officer'), action));
  }
});

test('nobody may act on an object of another authority, whatever their roles', () => {
  fc.assert(
    fc.property(fc.subarray([...ROLES]), fc.constantFrom(...ACTIONS), (roles, action) => {
      assert.equal(can(actor(...roles), action, { authorityId: B }), false);
    }),
  );
});

test('without any role nothing is allowed', () => {
  for (const action of ACTIONS) assert.equal(can(actor(), action), false);
});
