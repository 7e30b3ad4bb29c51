import { recordAudit } from '../audit/record-audit.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import { type PasswordError, passwordErrors } from './choose-password.js';
import type { IdentityDeps } from './identity-deps.js';
import { linkAuthority, spendLinksOf, usableLink } from './one-time-links.js';
import { hashPassword } from './passwords.js';
import { clearAttempts } from './sign-in-attempts.js';
import { closeAllSessionsOf } from './sessions.js';
import { signingInActor } from './signing-in-actor.js';
import { type StaffRecord, staffById } from './staff-store.js';

/** The active account a usable reset link is for, or null. */
async function linkedAccount(tx: Tx, token: string): Promise<StaffRecord | null> {
  const link = await usableLink(tx, token, 'password_reset');
  const user = link?.userId ? await staffById(tx, link.userId) : null;
  return user?.status === 'active' ? user : null;
}

/** Whom a reset link is for, while it can still be used. */
export async function readPasswordReset(
  { token }: { token: string },
  deps: IdentityDeps,
): Promise<{ valid: false } | { valid: true; displayName: string }> {
  const authorityId = await linkAuthority(deps.pool, token);
  if (!authorityId) return { valid: false };
  const user = await withTenant(deps.pool, authorityId, (tx) => linkedAccount(tx, token));
  return user ? { valid: true, displayName: user.displayName } : { valid: false };
}

export type ResetResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly errors: readonly PasswordError[] }
  | { readonly ok: false; readonly invalid: true };

/**
 * The person chooses a new password from the e-mailed link. The link is used once (with every other
 * reset link of the account), every session of the account ends, and failed sign-ins are forgotten;
 * the second factor stays as it is. The hash is computed outside the transaction.
 */
export async function resetPassword(
  { token, password, repeat, ip }: { token: string; password: string; repeat: string; ip: string },
  deps: IdentityDeps,
): Promise<ResetResult> {
  const authorityId = await linkAuthority(deps.pool, token);
  if (!authorityId) return { ok: false, invalid: true };
  const person = await withTenant(deps.pool, authorityId, (tx) => linkedAccount(tx, token));
  if (!person) return { ok: false, invalid: true };
  const errors = passwordErrors(password, repeat, person);
  if (errors.length > 0) return { ok: false, errors };
  const passwordHash = await hashPassword(password);
  return withTenant(deps.pool, authorityId, async (tx) => {
    const user = await linkedAccount(tx, token);
    if (user?.id !== person.id) return { ok: false, invalid: true };
    await tx.query('UPDATE staff_users SET password_hash = $2 WHERE id = $1', [user.id, passwordHash]);
    await spendLinksOf(tx, user.id, 'password_reset');
    await clearAttempts(tx, user.id);
    await closeAllSessionsOf(tx, user.id);
    await recordAudit(tx, authorityId, signingInActor(user, authorityId, ip), {
      action: 'staff.password_reset',
      objectType: 'staff',
      objectId: user.id,
    });
    return { ok: true };
  });
}
