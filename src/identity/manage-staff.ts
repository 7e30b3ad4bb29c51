import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { grantsFor } from './role-grants.js';
import { can } from '../platform/access/policies.js';
import { isRole } from '../platform/access/roles.js';
import { closeAllSessionsOf } from './sessions.js';
import {
  listStaff,
  lockStaff,
  replaceRoles,
  rolesOf,
  staffById,
  type StaffListEntry,
  type StaffRecord,
} from './staff-store.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;
export type ManageResult = 'done' | 'notFound' | 'self' | 'invalid';

function allowed(actor: StaffActor): void {
  if (!can(actor, 'staff.manage')) throw new Error('not allowed');
}

/** All staff of the admin's authority, with roles (an admin reads staff data: recorded). */
export async function listStaffOfAuthority(actor: StaffActor, deps: IdentityDeps): Promise<StaffListEntry[]> {
  allowed(actor);
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    await recordAudit(tx, actor.authorityId, actor, { action: 'staff.list_viewed', objectType: 'staff' });
    return listStaff(tx);
  });
}

export async function showStaff(
  { userId }: { userId: string },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<{ user: StaffRecord; roles: Awaited<ReturnType<typeof rolesOf>> } | null> {
  allowed(actor);
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    const user = await staffById(tx, userId);
    if (!user) return null;
    await recordAudit(tx, actor.authorityId, actor, { action: 'staff.viewed', objectType: 'staff', objectId: userId });
    return { user, roles: await rolesOf(tx, userId) };
  });
}

/** Replaces a member's roles; an admin cannot take the admin role from themselves (no lock-out). */
export async function changeStaffRoles(
  {
    userId,
    roles,
    locationIds,
    serviceIds,
  }: { userId: string; roles: readonly string[]; locationIds: readonly string[]; serviceIds: readonly string[] },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<ManageResult> {
  allowed(actor);
  if (!roles.every(isRole)) return 'invalid';
  if (userId === actor.userId && !roles.includes('authority_admin')) return 'self';
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    if (!(await staffById(tx, userId))) return 'notFound';
    await lockStaff(tx, userId);
    const held = await rolesOf(tx, userId);
    const before = held.map((g) => g.role);
    // The edit form does not ask for the partner organisation: a partner account keeps its binding.
    const partnerId = held.find((g) => g.role === 'partner')?.partnerId ?? '';
    const grants = await grantsFor(tx, roles, locationIds, serviceIds, partnerId);
    await replaceRoles(tx, actor.authorityId, userId, grants);
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.roles_changed',
      objectType: 'staff',
      objectId: userId,
      details: {
        before,
        after: grants.map((g) => g.role),
        locations: grants[0]?.locationIds ?? null,
        services: grants[0]?.serviceIds ?? null,
      },
    });
    return 'done';
  });
}

/** Deactivates (ending all sessions at once) or reactivates an account. */
export async function setStaffActive(
  { userId, active }: { userId: string; active: boolean },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<ManageResult> {
  allowed(actor);
  if (userId === actor.userId) return 'self';
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    const user = await staffById(tx, userId);
    if (!user) return 'notFound';
    if (!active) {
      await tx.query("UPDATE staff_users SET status = 'deactivated' WHERE id = $1", [userId]);
      await closeAllSessionsOf(tx, userId);
    } else if (user.status === 'deactivated') {
      await tx.query(
        "UPDATE staff_users SET status = CASE WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END, failed_logins = 0, locked_until = NULL WHERE id = $1",
        [userId],
      );
    }
    await recordAudit(tx, actor.authorityId, actor, {
      action: active ? 'staff.reactivated' : 'staff.deactivated',
      objectType: 'staff',
      objectId: userId,
    });
    return 'done';
  });
}

/** Removes the second factor (lost phone): it is set up anew at the next sign-in. Sessions end. */
export async function resetSecondFactor(
  { userId }: { userId: string },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<ManageResult> {
  allowed(actor);
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    if (!(await staffById(tx, userId))) return 'notFound';
    await tx.query(
      'UPDATE staff_users SET totp_secret_sealed = NULL, totp_confirmed_at = NULL, totp_last_step = NULL WHERE id = $1',
      [userId],
    );
    await closeAllSessionsOf(tx, userId);
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.totp_reset',
      objectType: 'staff',
      objectId: userId,
    });
    return 'done';
  });
}
