import { recordAudit } from '../audit/record-audit.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { countAttempt } from './sign-in-attempts.js';
import { closeSession, openSession } from './sessions.js';
import { signingInActor } from './signing-in-actor.js';
import { staffById } from './staff-store.js';
import { checkTotp } from './totp.js';

export type SecondFactorResult =
  | { readonly ok: true; readonly sessionToken: string }
  | { readonly ok: false; readonly reason: 'wrong' }
  | { readonly ok: false; readonly reason: 'locked'; readonly until: Date };

/**
 * Consumes a time step: only a step later than the last one used is taken, in one statement, so of
 * any number of submissions of one code exactly one gets through. Clears the failure count.
 */
async function consumeStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE staff_users SET totp_last_step = $2, totp_confirmed_at = coalesce(totp_confirmed_at, now()),
       failed_logins = 0, locked_until = NULL, last_failed_at = NULL, last_login_at = now()
     WHERE id = $1 AND status = 'active' AND (totp_last_step IS NULL OR totp_last_step < $2)`,
    [userId, step],
  );
  return rowCount === 1;
}

/**
 * Second step: the TOTP code (also the first code after setting it up). The attempt is counted
 * first, with the lock decided in the same statement (see sign-in-attempts.ts), so a locked account
 * evaluates no code; a code whose step was already used is refused like a wrong one. Success
 * replaces the half-open session by a new one (a fresh id, so a session id seen before sign-in is
 * worthless).
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
    const attempt = await countAttempt(tx, userId);
    if (!attempt.counted) return { ok: false, reason: 'locked', until: attempt.lockedUntil };
    const step = await checkTotp(deps.sealer.open(user.totpSecretSealed), code, user.totpLastStep);
    // The half-open session is spent too: one password step yields at most one full session.
    const taken = step !== null && (await consumeStep(tx, userId, step)) && (await closeSession(tx, sessionToken));
    if (!taken) {
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.totp_failed',
        objectType: 'staff',
        objectId: userId,
        details: { failed: attempt.failed, locked: attempt.lockedUntil !== null },
      });
      return attempt.lockedUntil
        ? { ok: false, reason: 'locked', until: attempt.lockedUntil }
        : { ok: false, reason: 'wrong' };
    }
    const fresh = await openSession(tx, { userId, authorityId, stage: 'full', ip, maxHours: deps.sessionMaxHours });
    if (!user.totpConfirmed)
      await recordAudit(tx, authorityId, actor, {
        action: 'staff.totp_enrolled',
        objectType: 'staff',
        objectId: userId,
      });
    await recordAudit(tx, authorityId, actor, { action: 'staff.login', objectType: 'staff', objectId: userId });
    return { ok: true, sessionToken: fresh };
  });
}
