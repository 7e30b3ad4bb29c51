import { Tokens } from '@fastify/csrf';
import type pg from 'pg';
import { randomToken, tokenHash } from '../platform/crypto.js';
import type { Tx } from '../platform/database/index.js';

const csrf = new Tokens({});

export interface SessionRow {
  readonly userId: string;
  readonly authorityId: string;
  readonly stage: 'password' | 'full';
  readonly csrfSecret: string;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

/** Starts a session and returns the cookie value (only its hash is stored). */
export async function openSession(
  tx: Tx,
  s: { userId: string; authorityId: string; stage: SessionRow['stage']; ip: string; maxHours: number },
): Promise<string> {
  const token = randomToken();
  await tx.query(
    `INSERT INTO staff_sessions (id_hash, user_id, authority_id, stage, csrf_secret, expires_at, ip)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6), $7)`,
    [tokenHash(token), s.userId, s.authorityId, s.stage, csrf.secretSync(), s.maxHours, s.ip],
  );
  return token;
}

/** The authority a session cookie belongs to, before the transaction can be scoped to it. */
export async function sessionAuthority(pool: pg.Pool, token: string): Promise<string | null> {
  if (token.length > 100) return null;
  const { rows } = await pool.query<{ id: string | null }>('SELECT staff_session_authority($1) AS id', [
    tokenHash(token),
  ]);
  return rows[0]?.id ?? null;
}

export async function readSession(tx: Tx, token: string): Promise<SessionRow | null> {
  const { rows } = await tx.query<{
    user_id: string;
    authority_id: string;
    stage: SessionRow['stage'];
    csrf_secret: string;
    last_seen_at: Date;
    expires_at: Date;
  }>(
    'SELECT user_id, authority_id, stage, csrf_secret, last_seen_at, expires_at FROM staff_sessions WHERE id_hash = $1',
    [tokenHash(token)],
  );
  const r = rows[0];
  return r
    ? {
        userId: r.user_id,
        authorityId: r.authority_id,
        stage: r.stage,
        csrfSecret: r.csrf_secret,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
      }
    : null;
}

export async function touchSession(tx: Tx, token: string): Promise<void> {
  await tx.query(
    "UPDATE staff_sessions SET last_seen_at = now() WHERE id_hash = $1 AND last_seen_at < now() - interval '15 seconds'",
    [tokenHash(token)],
  );
}

/** Ends a session; false when it had ended already (another request ended it first). */
export async function closeSession(tx: Tx, token: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM staff_sessions WHERE id_hash = $1', [tokenHash(token)]);
  return rowCount === 1;
}

export async function closeAllSessionsOf(tx: Tx, userId: string): Promise<void> {
  await tx.query('DELETE FROM staff_sessions WHERE user_id = $1', [userId]);
}

export function sessionCsrfToken(session: SessionRow): string {
  return csrf.create(session.csrfSecret);
}

export function sessionCsrfValid(session: SessionRow, token: unknown): boolean {
  return typeof token === 'string' && token.length < 200 && csrf.verify(session.csrfSecret, token);
}
