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
