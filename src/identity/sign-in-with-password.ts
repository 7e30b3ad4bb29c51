import { recordAudit } from '../audit/record-audit.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { verifyPassword } from './passwords.js';
import { type Attempt, countAttempt, countMiss, missHash, refundAttempt } from './sign-in-attempts.js';
import { openSession } from './sessions.js';
import { signingInActor } from './signing-in-actor.js';
import { type StaffRecord, staffByEmail, staffById } from './staff-store.js';

export type SignInResult =
  | { readonly ok: true; readonly sessionToken: string; readonly needsTotpSetup: boolean }
  | { readonly ok: false; readonly reason: 'failed' | 'deactivated' }
  | { readonly ok: false; readonly reason: 'locked'; readonly until: Date };

type Refusal = Extract<SignInResult, { ok: false }>;

function refusalAfter(attempt: Extract<Attempt, { counted: true }>): Refusal {
  return attempt.lockedUntil
    ? { ok: false, reason: 'locked', until: attempt.lockedUntil }
    : { ok: false, reason: 'failed' };
}

/**
 * First step of signing in: e-mail and password. Success opens a session that can do nothing but
 * complete the second factor. The attempt is counted (and a lock decided) in one statement before
 * the password is checked, so however many arrive at once, at most five are ever evaluated; a
 * locked address is refused without evaluating anything. Addresses without an account count and
 * lock the same way and check a dummy hash, so neither the answer nor its time tells them apart.
 * The hash is checked outside any transaction: no row stays locked while argon2 runs.
 */
export async function signInWithPassword(
  { authorityId, email, password, ip }: { authorityId: string; email: string; password: string; ip: string },
  deps: IdentityDeps,
): Promise<SignInResult> {
  const addressHash = missHash(deps.addressKey, email);
  const { user, attempt } = await withTenant(deps.pool, authorityId, async (tx) => {
    const user = await staffByEmail(tx, email);
    if (!user) {
      const attempt = await countMiss(tx, authorityId, addressHash);
      if (!attempt.counted) await recordMiss(tx, authorityId, addressHash, ip, { reason: 'locked' });
      return { user, attempt };
    }
    const attempt = await countAttempt(tx, user.id);
    if (!attempt.counted)
      await recordAudit(tx, authorityId, signingInActor(user, authorityId, ip), {
        action: 'staff.login_refused',
        objectType: 'staff',
        objectId: user.id,
        details: { reason: 'locked' },
      });
    return { user, attempt };
  });
  if (!attempt.counted) return { ok: false, reason: 'locked', until: attempt.lockedUntil };
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user) {
    // As for an account: its own transaction after the hash, so the answer takes as long.
    return withTenant(deps.pool, authorityId, async (tx) => {
      await recordMiss(tx, authorityId, addressHash, ip, {
        failed: attempt.failed,
        locked: attempt.lockedUntil !== null,
      });
      return refusalAfter(attempt);
    });
  }
  return withTenant(deps.pool, authorityId, async (tx) => {
    // The password may have changed while its old hash was checked: only the current one counts.
    const current = passwordOk ? await staffById(tx, user.id) : null;
    if (current?.passwordHash !== user.passwordHash || !current) return failed(tx, authorityId, user, ip, attempt);
    await refundAttempt(tx, user.id);
    return passwordAccepted(tx, authorityId, current, ip, deps);
  });
}

/**
 * A failed sign-in for an address without an account, in the audit trail: under the keyed hash
 * its failures are counted by (never the address itself, which may be a mistyped colleague's or a
 * stranger's), so an admin sees repeated tries on one address without learning who typed what.
 */
async function recordMiss(
  tx: Tx,
  authorityId: string,
  addressHash: Buffer,
  ip: string,
  details: Record<string, unknown>,
): Promise<void> {
  const locked = details.reason === 'locked';
  await recordAudit(
    tx,
    authorityId,
    { kind: 'public', ip },
    {
      action: locked ? 'staff.login_refused' : 'staff.login_failed',
      objectType: 'sign_in_address',
      objectId: addressHash.toString('hex').slice(0, 32),
      details: { ...details, account: false },
    },
  );
}

async function failed(
  tx: Tx,
  authorityId: string,
  user: StaffRecord,
  ip: string,
  attempt: Extract<Attempt, { counted: true }>,
): Promise<Refusal> {
  await recordAudit(tx, authorityId, signingInActor(user, authorityId, ip), {
    action: 'staff.login_failed',
    objectType: 'staff',
    objectId: user.id,
    details: { failed: attempt.failed, locked: attempt.lockedUntil !== null },
  });
  return refusalAfter(attempt);
}

async function passwordAccepted(
  tx: Tx,
  authorityId: string,
  user: StaffRecord,
  ip: string,
  deps: IdentityDeps,
): Promise<SignInResult> {
  const actor = signingInActor(user, authorityId, ip);
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
}
