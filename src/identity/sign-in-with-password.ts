import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { verifyPassword } from './passwords.js';
import { afterFailure } from './session-state.js';
import { openSession } from './sessions.js';
import { signingInActor } from './signing-in-actor.js';
import { staffByEmail } from './staff-store.js';

export type SignInResult =
  | { readonly ok: true; readonly sessionToken: string; readonly needsTotpSetup: boolean }
  | { readonly ok: false; readonly reason: 'failed' | 'deactivated' }
  | { readonly ok: false; readonly reason: 'locked'; readonly until: Date };

/**
 * First step of signing in: e-mail and password. Success opens a session that can do nothing but
 * complete the second factor. Five failures in a row lock the account for 15 minutes.
 */
export async function signInWithPassword(
  { authorityId, email, password, ip }: { authorityId: string; email: string; password: string; ip: string },
  deps: IdentityDeps,
): Promise<SignInResult> {
  return withTenant(deps.pool, authorityId, async (tx) => {
    const user = await staffByEmail(tx, email);
    const now = new Date();
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user) return { ok: false, reason: 'failed' };
    const actor = signingInActor(user, authorityId, ip);
    if (user.lockedUntil && user.lockedUntil > now) {
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.login_refused',
        objectType: 'staff',
        objectId: user.id,
        details: { reason: 'locked' },
      });
      return { ok: false, reason: 'locked', until: user.lockedUntil };
    }
    if (!passwordOk) {
      const { failed, lockedUntil } = afterFailure(user.failedLogins, now);
      await tx.query('UPDATE staff_users SET failed_logins = $2, locked_until = $3 WHERE id = $1', [
        user.id,
        failed,
        lockedUntil,
      ]);
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.login_failed',
        objectType: 'staff',
        objectId: user.id,
        details: { failed, locked: lockedUntil !== null },
      });
      return lockedUntil ? { ok: false, reason: 'locked', until: lockedUntil } : { ok: false, reason: 'failed' };
    }
    if (user.status !== 'active') {
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.login_refused',
        objectType: 'staff',
        objectId: user.id,
        details: { reason: user.status },
      });
      return { ok: false, reason: user.status === 'deactivated' ? 'deactivated' : 'failed' };
    }
    const sessionToken = await openSession(tx, {
      userId: user.id,
      authorityId,
      stage: 'password',
      ip,
      maxHours: deps.sessionMaxHours,
    });
    await recordAudit(tx, authorityId, actor, {
      action: 'staff.login_password_ok',
      objectType: 'staff',
      objectId: user.id,
    });
    return { ok: true, sessionToken, needsTotpSetup: !user.totpConfirmed };
  });
}
