import { randomToken, tokenHash } from '../../platform/crypto.js';
import type { Reader, Tx } from '../../platform/database/index.js';
import { SESSION_MINUTES } from './status-code.js';

/** The browser's status sign-in: its token in an HttpOnly cookie, only the token's hash in the database. */
export const STATUS_COOKIE = 'wk_status';

function plausible(token: string | undefined): token is string {
  return typeof token === 'string' && token.length >= 20 && token.length <= 100;
}

/** Starts a sign-in for an address that proved to read its mail; ended ones are tidied away on the way. */
export async function openStatusSession(tx: Tx, authorityId: string, address: string): Promise<string> {
  await tx.query('DELETE FROM status_sessions WHERE expires_at <= now()');
  const token = randomToken();
  await tx.query(
    `INSERT INTO status_sessions (authority_id, token_hash, email, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
    [authorityId, tokenHash(token), address, SESSION_MINUTES],
  );
  return token;
}

/** The address a running sign-in is for, or null when the token is unknown or its time is over. */
export async function statusSessionAddress(
  tx: Reader,
  token: string | undefined,
): Promise<{ address: string; endsAt: Date } | null> {
  if (!plausible(token)) return null;
  const { rows } = await tx.query<{ email: string; expires_at: Date }>(
    'SELECT email, expires_at FROM status_sessions WHERE token_hash = $1 AND expires_at > now()',
    [tokenHash(token)],
  );
  return rows[0] ? { address: rows[0].email, endsAt: rows[0].expires_at } : null;
}

export async function closeStatusSession(tx: Tx, token: string | undefined): Promise<void> {
  if (plausible(token)) await tx.query('DELETE FROM status_sessions WHERE token_hash = $1', [tokenHash(token)]);
}
