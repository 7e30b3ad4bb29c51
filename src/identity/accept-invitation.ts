import { recordAudit } from '../audit/record-audit.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import { passwordErrors, type PasswordError } from './choose-password.js';
import type { IdentityDeps } from './identity-deps.js';
import { linkAuthority, markLinkUsed, usableLink } from './one-time-links.js';
import { hashPassword } from './passwords.js';
import { signingInActor } from './signing-in-actor.js';
import { type StaffRecord, staffById } from './staff-store.js';

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

/** The invited account a usable invitation link is for, or null. */
async function invitedAccount(tx: Tx, token: string): Promise<StaffRecord | null> {
  const link = await usableLink(tx, token, 'invitation');
  const user = link?.userId ? await staffById(tx, link.userId) : null;
  return user?.status === 'invited' ? user : null;
}

/**
 * The invited person sets a password; the account becomes active (the second factor follows at
 * sign-in). The hash (argon2id: memory and CPU) is computed between two transactions, not in one.
 */
export async function acceptInvitation(
  { token, password, repeat, ip }: { token: string; password: string; repeat: string; ip: string },
  deps: IdentityDeps,
): Promise<AcceptResult> {
  const authorityId = await linkAuthority(deps.pool, token);
  if (!authorityId) return { ok: false, invalid: true };
  const invited = await withTenant(deps.pool, authorityId, (tx) => invitedAccount(tx, token));
  if (!invited) return { ok: false, invalid: true };
  const errors = passwordErrors(password, repeat, invited);
  if (errors.length > 0) return { ok: false, errors };
  const passwordHash = await hashPassword(password);
  return withTenant(deps.pool, authorityId, async (tx) => {
    // Still the same invitation, still unused: a second tab cannot accept it twice.
    const user = await invitedAccount(tx, token);
    if (user?.id !== invited.id) return { ok: false, invalid: true };
    await tx.query("UPDATE staff_users SET password_hash = $2, status = 'active' WHERE id = $1", [
      user.id,
      passwordHash,
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
