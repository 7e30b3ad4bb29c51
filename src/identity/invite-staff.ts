import { recordAudit } from '../audit/record-audit.js';
import type { Actor, RoleGrant } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';
import type { IdentityDeps } from './identity-deps.js';
import { createLinkToken } from './one-time-links.js';
import { can } from './policies.js';
import { isRole, type Role } from './roles.js';
import { normalizeEmail } from './staff-store.js';

const INVITATION_HOURS = 7 * 24;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export interface InviteInput {
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly locationIds: readonly string[];
}

export type InviteError = { readonly field: 'displayName' | 'email' | 'roles'; readonly message: 'admin.error.name' | 'admin.error.email' | 'admin.error.roles' | 'admin.invite.exists' };

export type InviteResult =
  | { readonly ok: true; readonly mailed: boolean }
  | { readonly ok: false; readonly errors: readonly InviteError[] };

export function inviteErrors(input: InviteInput): InviteError[] {
  const errors: InviteError[] = [];
  const name = input.displayName.trim();
  if (name === '' || name.length > 200) errors.push({ field: 'displayName', message: 'admin.error.name' });
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) errors.push({ field: 'email', message: 'admin.error.email' });
  if (input.roles.length === 0 || !input.roles.every(isRole)) errors.push({ field: 'roles', message: 'admin.error.roles' });
  return errors;
}

/** Grants from the form: each chosen role, limited to the chosen locations of this authority (none chosen: all). */
export async function grantsFor(tx: import('../platform/database/index.js').Tx, roles: readonly string[], locationIds: readonly string[]): Promise<RoleGrant[]> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM locations WHERE id = ANY($1::uuid[])',
    [locationIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id))]);
  const known = rows.map((r) => r.id);
  return roles.filter(isRole).map((role: Role) => ({ role, locationIds: known.length > 0 ? known : null, serviceIds: null }));
}

/** An admin invites a member of staff: account with roles, one-time link (7 days) by e-mail. */
export async function inviteStaff(
  input: InviteInput, actor: Extract<Actor, { kind: 'staff' }>, deps: IdentityDeps, authorityName: string,
): Promise<InviteResult> {
  if (!can(actor, 'staff.manage')) throw new Error('not allowed');
  const errors = inviteErrors(input);
  if (errors.length > 0) return { ok: false, errors };
  const email = normalizeEmail(input.email);
  const created = await withTenant(deps.pool, actor.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO staff_users (authority_id, email, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (authority_id, email) DO NOTHING RETURNING id`, [actor.authorityId, email, input.displayName.trim()]);
    if (!rows[0]) return null;
    const userId = rows[0].id;
    const grants = await grantsFor(tx, input.roles, input.locationIds);
    for (const grant of grants) {
      await tx.query('INSERT INTO staff_roles (user_id, authority_id, role, location_ids) VALUES ($1, $2, $3, $4)',
        [userId, actor.authorityId, grant.role, grant.locationIds]);
    }
    const link = await createLinkToken(tx, { authorityId: actor.authorityId, purpose: 'invitation', userId, validHours: INVITATION_HOURS });
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.invited', objectType: 'staff', objectId: userId, details: { email, roles: grants.map((g) => g.role) } });
    return { userId, ...link };
  });
  if (!created) return { ok: false, errors: [{ field: 'email', message: 'admin.invite.exists' }] };
  const t = staffTranslator('de');
  const link = `${deps.links.base}/staff/invitation/${created.token}`;
  try {
    await deps.mailer.send({
      to: email,
      subject: t.t('mail.invite.subject', { authority: authorityName }),
      text: t.t('mail.invite.text', { name: input.displayName.trim(), authority: authorityName, until: t.dateTime(created.expiresAt), link }),
    });
    return { ok: true, mailed: true };
  } catch {
    return { ok: true, mailed: false };
  }
}
