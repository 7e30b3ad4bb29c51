import type { Context } from '../../platform/context.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { appointmentView } from '../appointment-view.js';
import { codeMatches, newCheckInCode } from '../codes.js';
import { sendConfirmation } from '../confirmation/confirmation-mail.js';

/** Three wrong codes and the slot goes back: guessing a six-digit code must not be worth trying. */
export const MAX_CODE_ATTEMPTS = 3;

export type ConfirmResult =
  | { readonly ok: true; readonly reference: string; readonly manageToken: string }
  | { readonly ok: false; readonly reason: 'wrongCode'; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: 'tooManyWrong' | 'expired' | 'alreadyConfirmed' | 'unknown' };

/** The person proves the e-mail address is theirs with the code: the booking is made and confirmed by e-mail. */
export async function confirmBooking(
  { appointmentId, code, authorityName }: { appointmentId: string; code: string; authorityName: string },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<ConfirmResult> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      status: string;
      code_hash: Buffer | null;
      code_attempts: number;
      live: boolean;
      locale: Locale;
    }>(
      `SELECT status, code_hash, code_attempts, occupies AND releases_at > now() AS live, locale FROM appointments WHERE id = $1 FOR UPDATE`,
      [appointmentId],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.status === 'booked') return { ok: false, reason: 'alreadyConfirmed' };
    if (row.status !== 'unconfirmed' || !row.live) return { ok: false, reason: 'expired' };
    if (!codeMatches(row.code_hash, code)) {
      const attempts = row.code_attempts + 1;
      if (attempts >= MAX_CODE_ATTEMPTS) {
        await tx.query(
          `UPDATE appointments SET code_attempts = $2, status = 'expired', occupies = false WHERE id = $1`,
          [appointmentId, attempts],
        );
        return { ok: false, reason: 'tooManyWrong' };
      }
      await tx.query('UPDATE appointments SET code_attempts = $2 WHERE id = $1', [appointmentId, attempts]);
      return { ok: false, reason: 'wrongCode', attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
    }
    const manageToken = randomToken();
    await tx.query(
      `UPDATE appointments SET status = 'booked', releases_at = NULL, confirmed_at = now(), code_hash = NULL, hold_token_hash = NULL,
              check_in_code = $2, manage_token_hash = $3 WHERE id = $1`,
      [appointmentId, newCheckInCode(), tokenHash(manageToken)],
    );
    const view = await appointmentView(tx, { id: appointmentId }, row.locale);
    // Queued with the booking: it leaves after the commit, and a booking that fails to commit mails nothing.
    await sendConfirmation(tx, ctx.authorityId, deps, view!, authorityName, manageToken);
    return { ok: true, reference: view!.reference, manageToken };
  });
}
