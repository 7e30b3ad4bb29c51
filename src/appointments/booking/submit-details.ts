import { enqueueMail } from '../../platform/mail/outbox.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { bookingRules } from './booking-plan.js';
import { emailKey, identityKey, newConfirmationCode } from '../codes.js';
import { parsePerson, type PersonError, type PersonInput } from '../../platform/forms/person-form.js';
import { preferSpeakingCounter } from './prefer-counter.js';
import { formatSlot } from '../slot-format.js';

export type DetailsResult =
  | { readonly ok: true; readonly appointmentId: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly PersonError[] }
  | { readonly ok: false; readonly reason: 'expired' | 'alreadyBooked' | 'tooManyAttempts' };

const UNIQUE_VIOLATION = '23505';
/** How many bookings one identity may start in a day: stops scripts cycling through slots. */
const ATTEMPTS_PER_IDENTITY_PER_DAY = 5;

async function attemptsToday(tx: Tx, key: Buffer): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments WHERE identity_key = $1 AND created_at > now() - interval '1 day'`,
    [key],
  );
  return rows[0]!.n;
}

/**
 * The person behind a held slot: binds the hold to their name and date of birth, and sends a code
 * to their e-mail address. Only the code (or the link) turns it into a booking.
 */
export async function submitDetails(
  {
    appointmentId,
    holdToken,
    input,
    locale,
  }: { appointmentId: string; holdToken: string; input: PersonInput; locale: Locale },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<DetailsResult> {
  const parsed = parsePerson(input, officeToday(Date.now()));
  if (!parsed.ok) return { ok: false, reason: 'invalid', errors: parsed.errors };
  const person = parsed.person;
  const key = identityKey(deps.identitySecret, person);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string; service_id: string; starts_at: Date; location_id: string }>(
      `SELECT id, service_id, starts_at, location_id FROM appointments
        WHERE id = $1 AND hold_token_hash = $2 AND status = 'held' AND occupies AND releases_at > now() FOR UPDATE`,
      [appointmentId, tokenHash(holdToken)],
    );
    const held = rows[0];
    if (!held) return { ok: false, reason: 'expired' };
    if ((await attemptsToday(tx, key)) >= ATTEMPTS_PER_IDENTITY_PER_DAY)
      return { ok: false, reason: 'tooManyAttempts' };
    // Unconfirmed bookings of this person whose code ran out no longer count as open.
    await tx.query(
      `UPDATE appointments SET status = 'expired', occupies = false
                     WHERE identity_key = $1 AND status = 'unconfirmed' AND releases_at <= now()`,
      [key],
    );
    const rules = await bookingRules(tx, ctx.authorityId);
    const code = newConfirmationCode();
    await tx.query('SAVEPOINT details');
    try {
      await tx.query(
        `UPDATE appointments SET status = 'unconfirmed', first_name = $2, last_name = $3, birth_date = $4, email = $5, locale = $6,
                permit_expires_on = $7, identity_key = $8, email_key = $9, code_hash = $10, code_attempts = 0,
                releases_at = now() + make_interval(mins => $11)
          WHERE id = $1`,
        [
          appointmentId,
          person.firstName,
          person.lastName,
          person.birthDate,
          person.email,
          person.locale,
          person.permitExpiresOn,
          key,
          emailKey(person.email),
          tokenHash(code),
          rules.codeMinutes,
        ],
      );
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT details');
      return { ok: false, reason: 'alreadyBooked' };
    }
    await preferSpeakingCounter(tx, appointmentId, person.locale);
    await sendCode(tx, ctx.authorityId, deps, {
      appointmentId,
      code,
      email: person.email,
      locale: person.locale,
      pageLocale: locale,
      startsAt: held.starts_at,
      minutes: rules.codeMinutes,
    });
    return { ok: true, appointmentId };
  });
}

async function sendCode(
  tx: Tx,
  authorityId: string,
  deps: AppointmentDeps,
  m: {
    appointmentId: string;
    code: string;
    email: string;
    locale: Locale;
    pageLocale: Locale;
    startsAt: Date;
    minutes: number;
  },
): Promise<void> {
  const t = translator(m.locale);
  const { date, time } = formatSlot(m.locale, m.startsAt);
  const link = `${deps.links.base}/${m.pageLocale}/appointments/confirm/${m.appointmentId}?code=${m.code}`;
  await enqueueMail(tx, authorityId, {
    to: m.email,
    subject: t.t('mail.bookingCode.subject', { code: m.code }),
    text: t.t('mail.bookingCode.text', { code: m.code, date, time, minutes: m.minutes, link }),
  });
}
