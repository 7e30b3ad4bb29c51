import { createHmac } from 'node:crypto';
import type { Tx } from '../platform/database/index.js';
import { normalizeEmail } from './staff-store.js';

/** Failed sign-ins in a row before an account is locked, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

/**
 * An attempt is counted as a failure *before* the password or code is evaluated, in one statement
 * that also decides the lock: concurrent attempts queue on the row, and once five are counted the
 * rest are refused without any evaluation. A correct password gives its count back
 * (`refundAttempt`); a full sign-in clears the count. A count starts afresh when the last failure
 * is older than the lock, so "five in a row" means five without a quiet quarter of an hour.
 */
export type Attempt =
  | { readonly counted: true; readonly failed: number; readonly lockedUntil: Date | null }
  | { readonly counted: false; readonly lockedUntil: Date };

// The SET expressions read the row as it was; `fresh` is the count this attempt makes. `row`
// qualifies the columns (an upsert's SET must name the existing row).
const fresh = (row: string) => `CASE WHEN ${row}last_failed_at IS NULL
  OR ${row}last_failed_at <= now() - make_interval(mins => $3) THEN 1 ELSE ${row}failed_logins + 1 END`;
const count = (row = '') => `failed_logins = ${fresh(row)},
  locked_until = CASE WHEN ${fresh(row)} >= $2 THEN now() + make_interval(mins => $3) END,
  last_failed_at = now()`;
const notLocked = (row = '') => `(${row}locked_until IS NULL OR ${row}locked_until <= now())`;

type Counted = { failed_logins: number; locked_until: Date | null };

async function attemptOf(row: Counted | undefined, lockedUntil: () => Promise<Date | null>): Promise<Attempt> {
  if (row) return { counted: true, failed: row.failed_logins, lockedUntil: row.locked_until };
  return { counted: false, lockedUntil: (await lockedUntil()) ?? new Date() };
}

/** Counts an attempt on an account (the row stays locked until the transaction ends). */
export async function countAttempt(tx: Tx, userId: string): Promise<Attempt> {
  const { rows } = await tx.query<Counted>(
    `UPDATE staff_users SET ${count()} WHERE id = $1 AND ${notLocked()} RETURNING failed_logins, locked_until`,
    [userId, LOCK_AFTER_FAILURES, LOCK_MINUTES],
  );
  return attemptOf(rows[0], async () => {
    const locked = await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM staff_users WHERE id = $1', [
      userId,
    ]);
    return locked.rows[0]?.locked_until ?? null;
  });
}

/** The keyed hash under which an address without an account counts its failures. */
export function missHash(key: Buffer, email: string): Buffer {
  return createHmac('sha256', key)
    .update(`staff sign-in\n${normalizeEmail(email)}`)
    .digest();
}

/** Counts an attempt on an address without an account, exactly as on an account. */
export async function countMiss(tx: Tx, authorityId: string, addressHash: Buffer): Promise<Attempt> {
  const { rows } = await tx.query<Counted>(
    `INSERT INTO staff_sign_in_misses AS m (authority_id, address_hash, failed_logins, last_failed_at)
       VALUES ($4, $1, 1, now())
     ON CONFLICT (authority_id, address_hash) DO UPDATE SET ${count('m.')} WHERE ${notLocked('m.')}
     RETURNING failed_logins, locked_until`,
    [addressHash, LOCK_AFTER_FAILURES, LOCK_MINUTES, authorityId],
  );
  return attemptOf(rows[0], async () => {
    const locked = await tx.query<{ locked_until: Date | null }>(
      'SELECT locked_until FROM staff_sign_in_misses WHERE address_hash = $1',
      [addressHash],
    );
    return locked.rows[0]?.locked_until ?? null;
  });
}

/** A correct password gives back the failure counted for it (and the lock, if it was the one that set it). */
export async function refundAttempt(tx: Tx, userId: string): Promise<void> {
  await tx.query(
    `UPDATE staff_users SET failed_logins = greatest(failed_logins - 1, 0),
       locked_until = CASE WHEN failed_logins - 1 >= $2 THEN locked_until END WHERE id = $1`,
    [userId, LOCK_AFTER_FAILURES],
  );
}

/** Clears the count and the lock (a full sign-in, or an admin unlocking the account). */
export async function clearAttempts(tx: Tx, userId: string): Promise<void> {
  await tx.query('UPDATE staff_users SET failed_logins = 0, locked_until = NULL, last_failed_at = NULL WHERE id = $1', [
    userId,
  ]);
}

/** Retention: counts of addresses without an account, once their lock and their window have passed. */
export async function purgeQuietMisses(tx: Tx, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM staff_sign_in_misses WHERE last_failed_at <= $1::timestamptz - make_interval(mins => $2)
       AND (locked_until IS NULL OR locked_until <= $1)`,
    [now, LOCK_MINUTES],
  );
  return rowCount ?? 0;
}
