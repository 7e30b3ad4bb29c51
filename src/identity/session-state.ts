/** Whether a staff session still holds: ended at its absolute end, or after too long without activity. */
export function sessionState(
  session: { lastSeenAt: Date; expiresAt: Date },
  now: Date,
  idleMinutes: number,
): 'valid' | 'idle' | 'expired' {
  if (now >= session.expiresAt) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMinutes * 60_000) return 'idle';
  return 'valid';
}

/** Failed sign-ins in a row before an account is locked, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** After a failed attempt: the new count, and until when the account is locked (if it now is). */
export function afterFailure(failedBefore: number, now: Date): { failed: number; lockedUntil: Date | null } {
  const failed = failedBefore + 1;
  return {
    failed,
    lockedUntil: failed >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
  };
}
