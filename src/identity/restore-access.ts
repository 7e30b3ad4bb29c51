import { recordAudit } from '../audit/record-audit.js';
import { can } from '../platform/access/policies.js';
import type { Actor } from '../platform/context.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import type { Mail } from '../platform/mail/mailer.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import type { IdentityDeps } from './identity-deps.js';
import { freshInvitation, invitationMail } from './invitation-links.js';
import { spendLinksOf } from './one-time-links.js';
import { clearAttempts } from './sign-in-attempts.js';
import { closeAllSessionsOf } from './sessions.js';
import { type StaffRecord, staffById } from './staff-store.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** What an admin's way back in for someone came to: done (its mail queued), or why not. */
export type RestoreResult = 'done' | 'notFound' | 'self' | 'deactivated' | 'notInvited';

type Step = (tx: Tx, user: StaffRecord) => Promise<RestoreResult | Mail>;

/** One admin action on one account: checked, done, audited and its mail queued in one transaction. */
async function restore(
  { userId, action, step }: { userId: string; action: string; step: Step },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<RestoreResult> {
  if (!can(actor, 'staff.manage')) throw new Error('not allowed');
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    const user = await staffById(tx, userId);
    if (!user) return 'notFound';
    const done = await step(tx, user);
    if (typeof done === 'string') return done;
    await recordAudit(tx, actor.authorityId, actor, { action, objectType: 'staff', objectId: userId });
    await enqueueMail(tx, actor.authorityId, done);
    return 'done';
  });
}

/**
 * Resets password and second factor (a lost phone and a forgotten password, or a suspicion): the
 * account is invited anew, every session ends at once, older links stop working, and a fresh
 * set-up link (7 days) goes to the person.
 */
export function resetAccess(
  { userId, authorityName }: { userId: string; authorityName: string },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<RestoreResult> {
  return restore(
    {
      userId,
      action: 'staff.access_reset',
      step: async (tx, user) => {
        if (user.id === actor.userId) return 'self';
        if (user.status === 'deactivated') return 'deactivated';
        await tx.query(
          `UPDATE staff_users SET status = 'invited', password_hash = NULL, totp_secret_sealed = NULL,
             totp_confirmed_at = NULL, totp_last_step = NULL WHERE id = $1`,
          [user.id],
        );
        await clearAttempts(tx, user.id);
        await closeAllSessionsOf(tx, user.id);
        await spendLinksOf(tx, user.id, 'password_reset');
        const fresh = await freshInvitation(tx, {
          authorityId: actor.authorityId,
          userId: user.id,
          base: deps.links.base,
        });
        return invitationMail({
          to: user.email,
          name: user.displayName,
          authority: authorityName,
          reset: true,
          ...fresh,
        });
      },
    },
    actor,
    deps,
  );
}

/** Sends an invited person a fresh invitation link (7 days); the old one stops working. */
export function resendInvitation(
  { userId, authorityName }: { userId: string; authorityName: string },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<RestoreResult> {
  return restore(
    {
      userId,
      action: 'staff.invitation_resent',
      step: async (tx, user) => {
        if (user.status !== 'invited') return 'notInvited';
        const fresh = await freshInvitation(tx, {
          authorityId: actor.authorityId,
          userId: user.id,
          base: deps.links.base,
        });
        return invitationMail({ to: user.email, name: user.displayName, authority: authorityName, ...fresh });
      },
    },
    actor,
    deps,
  );
}

/** Lifts the lock after failed sign-ins (the person called, and the admin knows who it is). */
export async function unlockStaff(
  { userId }: { userId: string },
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<RestoreResult> {
  if (!can(actor, 'staff.manage')) throw new Error('not allowed');
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    if (!(await staffById(tx, userId))) return 'notFound';
    await clearAttempts(tx, userId);
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.unlocked',
      objectType: 'staff',
      objectId: userId,
    });
    return 'done';
  });
}
