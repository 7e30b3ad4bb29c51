import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import { passwordErrors, type PasswordError } from './choose-password.js';
import type { IdentityDeps } from './identity-deps.js';
import { linkAuthority, markLinkUsed, usableLink } from './one-time-links.js';
import { hashPassword } from './passwords.js';
import { signingInActor } from './signing-in-actor.js';
import { staffById } from './staff-store.js';

export type InvitationView =
  | { readonly valid: false }
  | { readonly valid: true; readonly displayName: string; readonly email: string };

/** Who an invitation link is for, if it is still valid. */
export async function readInvitation({ token }: { token: string }, deps: IdentityDeps): Promise<InvitationView> {
  const authorityId = await linkAuthority(deps.pool, token);
  if (!authorityId) return { valid: false };
  return withTenant(deps.pool, authorityId, async (tx) => {
    const link = await usableLink(tx, token, 'invitation');
    const user = link?.userId ? await staffById(tx, link.userId) : null;
    return user && user.status === 'invited'
      ? { valid: true, displayName: user.displayName, email: user.email }
      : { valid: false };
  });
}

export type AcceptResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly errors: readonly PasswordError[] }
  | { readonly ok: false; readonly invalid: true };

/** The invited person sets a password; the account becomes active (the second factor follows at sign-in). */
export async function acceptInvitation(
  { token, password, repeat, ip }: { token: string; password: string; repeat: string; ip: string },
  deps: IdentityDeps,
): Promise<AcceptResult> {
  const authorityId = await linkAuthority(deps.pool, token);
  if (!authorityId) return { ok: false, invalid: true };
  return withTenant(deps.pool, authorityId, async (tx) => {
    const link = await usableLink(tx, token, 'invitation');
    const user = link?.userId ? await staffById(tx, link.userId) : null;
    if (user?.status !== 'invited') return { ok: false, invalid: true };
    const errors = passwordErrors(password, repeat, user);
    if (errors.length > 0) return { ok: false, errors };
    await tx.query("UPDATE staff_users SET password_hash = $2, status = 'active' WHERE id = $1", [
      user.id,
      await hashPassword(password),
    ]);
    await markLinkUsed(tx, token);
    await recordAudit(tx, authorityId, signingInActor(user, authorityId, ip), {
      action: 'staff.invitation_accepted',
      objectType: 'staff',
      objectId: user.id,
    });
    return { ok: true };
  });
}
