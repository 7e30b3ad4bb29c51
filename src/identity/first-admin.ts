import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import { passwordErrors, type PasswordError } from './choose-password.js';
import type { IdentityDeps } from './identity-deps.js';
import { createLinkToken, linkAuthority, markLinkUsed, usableLink } from './one-time-links.js';
import { hashPassword } from './passwords.js';
import { signingInActor } from './signing-in-actor.js';
import { normalizeEmail } from './staff-store.js';
import { isEmailAddress } from '../platform/email-address.js';

const SETUP_LINK_HOURS = 24;

/**
 * On start: if the authority has no admin yet, a new one-time setup link (valid 24 hours) for the
 * first admin. There is no default password anywhere; this link is the only way in.
 */
export async function issueFirstAdminLink(
  { authorityId }: { authorityId: string },
  deps: IdentityDeps,
): Promise<string | null> {
  return withTenant(deps.pool, authorityId, async (tx) => {
    const { rows } = await tx.query("SELECT 1 FROM staff_roles WHERE role = 'authority_admin' LIMIT 1");
    if (rows.length > 0) return null;
    const { token } = await createLinkToken(tx, {
      authorityId,
      purpose: 'first_admin',
      userId: null,
      validHours: SETUP_LINK_HOURS,
    });
    await recordAudit(tx, authorityId, { kind: 'system', process: 'start' }, { action: 'staff.setup_link_issued' });
    return `${deps.links.base}/staff/setup/${token}`;
  });
}

export async function firstAdminLinkValid({ token }: { token: string }, deps: IdentityDeps): Promise<boolean> {
  const authorityId = await linkAuthority(deps.pool, token);
  if (!authorityId) return false;
  return withTenant(deps.pool, authorityId, async (tx) => (await usableLink(tx, token, 'first_admin')) !== null);
}

export interface FirstAdminInput {
  readonly token: string;
  readonly displayName: string;
  readonly email: string;
  readonly password: string;
  readonly repeat: string;
  readonly ip: string;
}

export type FirstAdminError =
  | PasswordError
  | { readonly field: 'displayName' | 'email'; readonly message: 'admin.error.name' | 'admin.error.email' };

/** Creates the first admin account from the setup link; the second factor is set up at first sign-in. */
export async function setUpFirstAdmin(
  input: FirstAdminInput,
  deps: IdentityDeps,
): Promise<{ ok: true } | { ok: false; invalid?: true; errors: readonly FirstAdminError[] }> {
  const authorityId = await linkAuthority(deps.pool, input.token);
  if (!authorityId) return { ok: false, invalid: true, errors: [] };
  const email = normalizeEmail(input.email);
  const displayName = input.displayName.trim();
  const errors: FirstAdminError[] = [];
  if (displayName === '' || displayName.length > 200)
    errors.push({ field: 'displayName', message: 'admin.error.name' });
  if (!isEmailAddress(email)) errors.push({ field: 'email', message: 'admin.error.email' });
  errors.push(...passwordErrors(input.password, input.repeat, { email, displayName }));
  if (errors.length > 0) return { ok: false, errors };
  const passwordHash = await hashPassword(input.password);
  return withTenant(deps.pool, authorityId, async (tx) => {
    if (!(await usableLink(tx, input.token, 'first_admin'))) return { ok: false, invalid: true, errors: [] };
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash) VALUES ($1, $2, $3, 'active', $4)
       ON CONFLICT (authority_id, email) DO NOTHING RETURNING id`,
      [authorityId, email, displayName, passwordHash],
    );
    if (!rows[0]) return { ok: false, errors: [{ field: 'email', message: 'admin.error.email' }] };
    await tx.query("INSERT INTO staff_roles (user_id, authority_id, role) VALUES ($1, $2, 'authority_admin')", [
      rows[0].id,
      authorityId,
    ]);
    await markLinkUsed(tx, input.token);
    await recordAudit(tx, authorityId, signingInActor({ id: rows[0].id, email }, authorityId, input.ip), {
      action: 'staff.first_admin_created',
      objectType: 'staff',
      objectId: rows[0].id,
    });
    return { ok: true };
  });
}
