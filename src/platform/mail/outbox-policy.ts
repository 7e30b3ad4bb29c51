import { MailError } from './mailer.js';

/** Minutes to wait after the n-th failed attempt (1-based); the last step repeats. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360] as const;

/** After this many attempts a mail that still could not be handed over is `failed` (about a day and a half of trying). */
export const MAX_ATTEMPTS = 10;

/** Milliseconds to wait after `attempts` failed attempts: 1 min, 5, 15, 60, 3 h, then every 6 h. */
export function backoffMs(attempts: number): number {
  const step = Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1;
  return BACKOFF_MINUTES[step]! * 60_000;
}

/**
 * Whether an error says the server will never take this message: a 5xx reply to the envelope or the
 * message (unknown recipient, message refused). A 5xx to the login (EAUTH) is the installation's
 * configuration, not the mail's, and is retried like an outage until it is fixed.
 */
export function isPermanent(error: unknown): boolean {
  if (!(error instanceof MailError) || error.responseCode === undefined) return false;
  return error.responseCode >= 500 && error.responseCode < 600 && error.code !== 'EAUTH';
}

export type AfterFailure = { readonly fail: true } | { readonly fail: false; readonly retryInMs: number };

/** What follows a failed attempt: give up (permanent, or out of attempts), or try again after the back-off. */
export function afterFailure(attempts: number, error: unknown): AfterFailure {
  if (isPermanent(error) || attempts >= MAX_ATTEMPTS) return { fail: true };
  return { fail: false, retryInMs: backoffMs(attempts) };
}

/** The error as kept on the row and shown to the admin: one line, bounded. MailError never holds the SMTP password. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
