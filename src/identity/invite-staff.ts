import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { freshInvitation, invitationMail } from './invitation-links.js';
import { can } from '../platform/access/policies.js';
import { isRole } from '../platform/access/roles.js';
import { grantsFor } from './role-grants.js';
import { normalizeEmail, replaceRoles } from './staff-store.js';
import { isEmailAddress } from '../platform/email-address.js';
import { enqueueMail } from '../platform/mail/outbox.js';

export interface InviteInput {
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly locationIds: readonly string[];
  readonly serviceIds: readonly string[];
  /** The partner organisation a `partner` account works for (required with that role). */
  readonly partnerId?: string;
}

export type InviteError = {
  readonly field: 'displayName' | 'email' | 'roles' | 'partner';
  readonly message:
    | 'admin.error.name'
    | 'admin.error.email'
    | 'admin.error.roles'
    | 'admin.invite.exists'
    | 'referrals.admin.partnerRequired';
};

export type InviteResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly InviteError[] };

export function inviteErrors(input: InviteInput): InviteError[] {
  const errors: InviteError[] = [];
  const name = input.displayName.trim();
  if (name === '' || name.length > 200) errors.push({ field: 'displayName', message: 'admin.error.name' });
  const email = normalizeEmail(input.email);
  if (!isEmailAddress(email)) errors.push({ field: 'email', message: 'admin.error.email' });
  if (input.roles.length === 0 || !input.roles.every(isRole))
    errors.push({ field: 'roles', message: 'admin.error.roles' });
  if (input.roles.includes('partner') && !input.partnerId)
    errors.push({ field: 'partner', message: 'referrals.admin.partnerRequired' });
  return errors;
}

/** An admin invites a member of staff: account with roles, one-time link (7 days) by e-mail (queued with the account). */
export async function inviteStaff(
  input: InviteInput,
  actor: Extract<Actor, { kind: 'staff' }>,
  deps: IdentityDeps,
  authorityName: string,
): Promise<InviteResult> {
  if (!can(actor, 'staff.manage')) throw new Error('not allowed');
  const errors = inviteErrors(input);
  if (errors.length > 0) return { ok: false, errors };
  const email = normalizeEmail(input.email);
  const created = await withTenant(deps.pool, actor.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO staff_users (authority_id, email, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (authority_id, email) DO NOTHING RETURNING id`,
      [actor.authorityId, email, input.displayName.trim()],
    );
    if (!rows[0]) return null;
    const userId = rows[0].id;
    await replaceRoles(
      tx,
      actor.authorityId,
      userId,
      await grantsFor(tx, input.roles, input.locationIds, input.serviceIds, input.partnerId),
    );
    const invitation = await freshInvitation(tx, { authorityId: actor.authorityId, userId, base: deps.links.base });
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.invited',
      objectType: 'staff',
      objectId: userId,
      details: { email, roles: input.roles },
    });
    await enqueueMail(
      tx,
      actor.authorityId,
      invitationMail({ to: email, name: input.displayName.trim(), authority: authorityName, ...invitation }),
    );
    return userId;
  });
  if (!created) return { ok: false, errors: [{ field: 'email', message: 'admin.invite.exists' }] };
  return { ok: true };
}
