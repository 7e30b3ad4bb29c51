import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { afterFailure } from './session-state.js';
import { closeSession, openSession } from './sessions.js';
import { signingInActor } from './signing-in-actor.js';
import { staffById } from './staff-store.js';
import { checkTotp } from './totp.js';

export type SecondFactorResult =
  | { readonly ok: true; readonly sessionToken: string }
  | { readonly ok: false; readonly reason: 'wrong' }
  | { readonly ok: false; readonly reason: 'locked'; readonly until: Date };

/**
 * Second step: the TOTP code (also the first code after setting it up). Success replaces the
 * half-open session by a new one (a fresh id, so a session id seen before sign-in is worthless).
 */
export async function confirmSecondFactor(
  {
    authorityId,
    userId,
    sessionToken,
    code,
    ip,
  }: { authorityId: string; userId: string; sessionToken: string; code: string; ip: string },
  deps: IdentityDeps,
): Promise<SecondFactorResult> {
  return withTenant(deps.pool, authorityId, async (tx) => {
    const user = await staffById(tx, userId);
    if (user?.status !== 'active' || !user.totpSecretSealed) return { ok: false, reason: 'wrong' };
    const actor = signingInActor(user, authorityId, ip);
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'locked', until: user.lockedUntil };
    const step = await checkTotp(deps.sealer.open(user.totpSecretSealed), code, user.totpLastStep);
    if (step === null) {
      const { failed, lockedUntil } = afterFailure(user.failedLogins, now);
      await tx.query('UPDATE staff_users SET failed_logins = $2, locked_until = $3 WHERE id = $1', [
        userId,
        failed,
        lockedUntil,
      ]);
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.totp_failed',
        objectType: 'staff',
        objectId: userId,
        details: { failed },
      });
      return lockedUntil ? { ok: false, reason: 'locked', until: lockedUntil } : { ok: false, reason: 'wrong' };
    }
    const firstTime = !user.totpConfirmed;
    await tx.query(
      `UPDATE staff_users SET totp_last_step = $2, totp_confirmed_at = coalesce(totp_confirmed_at, now()),
         failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`,
      [userId, step],
    );
    await closeSession(tx, sessionToken);
    const fresh = await openSession(tx, { userId, authorityId, stage: 'full', ip, maxHours: deps.sessionMaxHours });
    if (firstTime)
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.totp_enrolled',
        objectType: 'staff',
        objectId: userId,
      });
    await recordAudit(tx, authorityId, actor, { action: 'staff.login', objectType: 'staff', objectId: userId });
    return { ok: true, sessionToken: fresh };
  });
}
