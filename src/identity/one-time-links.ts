import type pg from 'pg';
import { randomToken, tokenHash } from '../platform/crypto.js';
import type { Tx } from '../platform/database/index.js';

export type LinkPurpose = 'invitation' | 'first_admin' | 'password_reset';

/** Creates a one-time link token (only its hash is stored). */
export async function createLinkToken(
  tx: Tx,
  {
    authorityId,
    purpose,
    userId,
    validHours,
  }: { authorityId: string; purpose: LinkPurpose; userId: string | null; validHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const { rows } = await tx.query<{ expires_at: Date }>(
    `INSERT INTO staff_tokens (token_hash, authority_id, purpose, user_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING expires_at`,
    [tokenHash(token), authorityId, purpose, userId, validHours],
  );
  return { token, expiresAt: rows[0]!.expires_at };
}

/** The authority of a link token, before the transaction can be scoped to it. */
export async function linkAuthority(pool: pg.Pool, token: string): Promise<string | null> {
  if (token.length < 20 || token.length > 100) return null;
  const { rows } = await pool.query<{ id: string | null }>('SELECT staff_token_authority($1) AS id', [
    tokenHash(token),
  ]);
  return rows[0]?.id ?? null;
}

/** A usable (unused, unexpired) token of this purpose, locked for this transaction; null otherwise. */
export async function usableLink(
  tx: Tx,
  token: string,
  purpose: LinkPurpose,
): Promise<{ userId: string | null } | null> {
  const { rows } = await tx.query<{ user_id: string | null }>(
    `SELECT user_id FROM staff_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() FOR UPDATE`,
    [tokenHash(token), purpose],
  );
  return rows[0] ? { userId: rows[0].user_id } : null;
}

export async function markLinkUsed(tx: Tx, token: string): Promise<void> {
  await tx.query('UPDATE staff_tokens SET used_at = now() WHERE token_hash = $1', [tokenHash(token)]);
}

/** Every unused link of this purpose for this person stops working (a fresh one replaces them). */
export async function spendLinksOf(tx: Tx, userId: string, purpose: LinkPurpose): Promise<void> {
  await tx.query('UPDATE staff_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [
    userId,
    purpose,
  ]);
}

/** How many links of this purpose were made for this person in the last hour (used or not). */
export async function linksInLastHour(tx: Tx, userId: string, purpose: LinkPurpose): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM staff_tokens WHERE user_id = $1 AND purpose = $2 AND created_at > now() - interval '1 hour'",
    [userId, purpose],
  );
  return rows[0]!.n;
}
