import type { RoleGrant } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import type { Role } from '../platform/access/roles.js';

/** A staff account as stored (tenant-scoped queries; the transaction names the authority). */
export interface StaffRecord {
  readonly id: string;
  readonly authorityId: string;
  readonly email: string;
  readonly displayName: string;
  readonly status: 'invited' | 'active' | 'deactivated';
  readonly passwordHash: string | null;
  readonly totpSecretSealed: string | null;
  readonly totpConfirmed: boolean;
  readonly totpLastStep: number | null;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly uiLocale: 'de' | 'en';
}

const COLUMNS = `id, authority_id, email, display_name, status, password_hash, totp_secret_sealed,
  totp_confirmed_at IS NOT NULL AS totp_confirmed, totp_last_step, failed_logins, locked_until, ui_locale`;

type Row = {
  id: string;
  authority_id: string;
  email: string;
  display_name: string;
  status: StaffRecord['status'];
  password_hash: string | null;
  totp_secret_sealed: string | null;
  totp_confirmed: boolean;
  totp_last_step: string | null;
  failed_logins: number;
  locked_until: Date | null;
  ui_locale: 'de' | 'en';
};

function toRecord(r: Row): StaffRecord {
  return {
    id: r.id,
    authorityId: r.authority_id,
    email: r.email,
    displayName: r.display_name,
    status: r.status,
    passwordHash: r.password_hash,
    totpSecretSealed: r.totp_secret_sealed,
    totpConfirmed: r.totp_confirmed,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until,
    uiLocale: r.ui_locale,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function staffByEmail(tx: Tx, email: string): Promise<StaffRecord | null> {
  const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM staff_users WHERE email = $1`, [normalizeEmail(email)]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function staffById(tx: Tx, id: string): Promise<StaffRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM staff_users WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function rolesOf(tx: Tx, userId: string): Promise<RoleGrant[]> {
  const { rows } = await tx.query<{
    role: Role;
    location_ids: string[] | null;
    service_ids: string[] | null;
    partner_id: string | null;
  }>('SELECT role, location_ids, service_ids, partner_id FROM staff_roles WHERE user_id = $1 ORDER BY role', [userId]);
  return rows.map((r) => ({
    role: r.role,
    locationIds: r.location_ids,
    serviceIds: r.service_ids,
    ...(r.partner_id ? { partnerId: r.partner_id } : {}),
  }));
}

/**
 * Locks the account's row until the transaction ends. Two role changes at once (a double click)
 * would otherwise both delete the old grants and both insert theirs (a unique violation): the
 * second now waits, then reads and replaces what the first wrote.
 */
export async function lockStaff(tx: Tx, userId: string): Promise<void> {
  await tx.query('SELECT 1 FROM staff_users WHERE id = $1 FOR UPDATE', [userId]);
}

export async function replaceRoles(
  tx: Tx,
  authorityId: string,
  userId: string,
  grants: readonly RoleGrant[],
): Promise<void> {
  await lockStaff(tx, userId);
  await tx.query('DELETE FROM staff_roles WHERE user_id = $1', [userId]);
  for (const grant of grants) {
    await tx.query(
      `INSERT INTO staff_roles (user_id, authority_id, role, location_ids, service_ids, partner_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [userId, authorityId, grant.role, grant.locationIds, grant.serviceIds, grant.partnerId ?? null],
    );
  }
}

export interface StaffListEntry {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly status: StaffRecord['status'];
  readonly totpConfirmed: boolean;
  readonly roles: readonly RoleGrant[];
}

export async function listStaff(tx: Tx): Promise<StaffListEntry[]> {
  const { rows } = await tx.query<{
    id: string;
    email: string;
    display_name: string;
    status: StaffRecord['status'];
    totp: boolean;
    roles: RoleGrant[] | null;
  }>(
    `SELECT u.id, u.email, u.display_name, u.status, u.totp_confirmed_at IS NOT NULL AS totp,
            (SELECT json_agg(json_build_object('role', r.role, 'locationIds', r.location_ids, 'serviceIds', r.service_ids) ORDER BY r.role)
               FROM staff_roles r WHERE r.user_id = u.id) AS roles
       FROM staff_users u ORDER BY u.display_name, u.email`,
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    status: r.status,
    totpConfirmed: r.totp,
    roles: r.roles ?? [],
  }));
}

/** Of these members of staff, those who speak a language (ISO 639-1) at any level. */
export async function staffSpeaking(tx: Tx, userIds: readonly string[], language: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const { rows } = await tx.query<{ user_id: string }>(
    'SELECT user_id FROM staff_languages WHERE user_id = ANY($1) AND language = $2',
    [userIds, language],
  );
  return new Set(rows.map((r) => r.user_id));
}

/** Names and spoken languages of members of staff (for counters and the day view). */
export async function staffProfiles(
  tx: Tx,
  userIds: readonly string[],
): Promise<Map<string, { displayName: string; languages: string[] }>> {
  const { rows } = await tx.query<{ id: string; display_name: string; languages: string[] | null }>(
    `SELECT u.id, u.display_name, (SELECT array_agg(l.language ORDER BY l.language) FROM staff_languages l WHERE l.user_id = u.id) AS languages
       FROM staff_users u WHERE u.id = ANY($1)`,
    [userIds],
  );
  return new Map(rows.map((r) => [r.id, { displayName: r.display_name, languages: r.languages ?? [] }]));
}
