import { enqueueMail } from '../../platform/mail/outbox.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { bookingRules } from '../booking/booking-plan.js';
import { codeMatches, emailKey, identityKey, newConfirmationCode, newPseudonym } from '../codes.js';
import { MAX_CODE_ATTEMPTS } from '../booking/confirm-booking.js';
import { parsePerson, type PersonError, type PersonInput } from '../../platform/forms/person-form.js';
import { formatSlot } from '../slot-format.js';

export type RegisterResult =
  | { readonly ok: true; readonly registrationId: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly PersonError[] }
  | { readonly ok: false; readonly reason: 'closed' | 'tooManyAttempts' };

/** A person asks to take part in a draw: same details as a booking, confirmed by a code by e-mail. */
export async function registerForDraw(
  { roundId, input, pageLocale }: { roundId: string; input: PersonInput; pageLocale: Locale },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<RegisterResult> {
  const parsed = parsePerson(input, officeToday(Date.now()));
  if (!parsed.ok) return { ok: false, reason: 'invalid', errors: parsed.errors };
  const person = parsed.person;
  const key = identityKey(deps.identitySecret, person);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows: open } = await tx.query<{ closes_at: Date }>(
      'SELECT closes_at FROM draw_rounds WHERE id = $1 AND opens_at <= now() AND closes_at > now() AND drawn_at IS NULL',
      [roundId],
    );
    if (!open[0]) return { ok: false, reason: 'closed' };
    const { rows: tries } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM draw_registrations WHERE round_id = $1 AND identity_key = $2 AND created_at > now() - interval '1 day'`,
      [roundId, key],
    );
    if (tries[0]!.n >= 5) return { ok: false, reason: 'tooManyAttempts' };
    const rules = await bookingRules(tx, ctx.authorityId);
    const code = newConfirmationCode();
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO draw_registrations (authority_id, round_id, pseudonym, first_name, last_name, birth_date, email, locale, permit_expires_on,
                                       identity_key, email_key, code_hash, code_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(mins => $13)) RETURNING id`,
      [
        ctx.authorityId,
        roundId,
        newPseudonym(),
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
    const registrationId = rows[0]!.id;
    const t = translator(person.locale);
    await enqueueMail(tx, ctx.authorityId, {
      to: person.email,
      subject: t.t('mail.drawCode.subject', { code }),
      text: t.t('mail.drawCode.text', {
        code,
        minutes: rules.codeMinutes,
        link: `${deps.links.base}/${pageLocale}/draws/confirm/${registrationId}?code=${code}`,
      }),
    });
    return { ok: true, registrationId };
  });
}

export type DrawConfirmResult =
  | { readonly ok: true; readonly pseudonym: string; readonly merged: boolean; readonly roundId: string }
  | { readonly ok: false; readonly reason: 'wrongCode'; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: 'tooManyWrong' | 'expired' | 'unknown' };

/**
 * The code confirms the registration. A person already registered in this round (same identity,
 * or same mailbox) is not counted twice: the new registration is dropped and the first pseudonym
 * stays (duplicates are merged).
 */
export async function confirmDrawRegistration(
  { registrationId, code }: { registrationId: string; code: string },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<DrawConfirmResult> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      round_id: string;
      pseudonym: string;
      identity_key: Buffer;
      email_key: string;
      code_hash: Buffer | null;
      code_attempts: number;
      live: boolean;
      confirmed: boolean;
      email: string;
      locale: Locale;
      closes_at: Date;
    }>(
      `SELECT r.round_id, r.pseudonym, r.identity_key, r.email_key, r.code_hash, r.code_attempts, r.confirmed_at IS NOT NULL AS confirmed, r.email, r.locale, d.closes_at,
              r.code_expires_at > now() AND d.closes_at > now() AND d.drawn_at IS NULL AS live
         FROM draw_registrations r JOIN draw_rounds d ON d.id = r.round_id WHERE r.id = $1 FOR UPDATE OF r`,
      [registrationId],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.confirmed) return { ok: true, pseudonym: row.pseudonym, merged: false, roundId: row.round_id };
    if (!row.live || row.code_hash === null) return { ok: false, reason: 'expired' };
    if (!codeMatches(row.code_hash, code)) {
      const attempts = row.code_attempts + 1;
      await tx.query(
        `UPDATE draw_registrations SET code_attempts = $2, code_hash = CASE WHEN $2 >= $3 THEN NULL ELSE code_hash END WHERE id = $1`,
        [registrationId, attempts, MAX_CODE_ATTEMPTS],
      );
      return attempts >= MAX_CODE_ATTEMPTS
        ? { ok: false, reason: 'tooManyWrong' }
        : { ok: false, reason: 'wrongCode', attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
    }
    const merge = async () => {
      const { rows: existing } = await tx.query<{ pseudonym: string }>(
        `SELECT pseudonym FROM draw_registrations WHERE round_id = $1 AND (identity_key = $2 OR email_key = $3) AND confirmed_at IS NOT NULL`,
        [row.round_id, row.identity_key, row.email_key],
      );
      if (!existing[0]) return null;
      await tx.query('DELETE FROM draw_registrations WHERE id = $1', [registrationId]);
      return { ok: true, pseudonym: existing[0].pseudonym, merged: true, roundId: row.round_id } as const;
    };
    const merged = await merge();
    if (merged) return merged;
    await tx.query('SAVEPOINT confirm');
    try {
      await tx.query('UPDATE draw_registrations SET confirmed_at = now(), code_hash = NULL WHERE id = $1', [
        registrationId,
      ]);
    } catch (error) {
      // The same person confirmed another registration at the same moment: that one counts.
      if ((error as { code?: string }).code !== '23505') throw error;
      await tx.query('ROLLBACK TO SAVEPOINT confirm');
      const after = await merge();
      if (after) return after;
      throw error;
    }
    const t = translator(row.locale);
    const closes = formatSlot(row.locale, row.closes_at);
    await enqueueMail(tx, ctx.authorityId, {
      to: row.email,
      subject: t.t('mail.drawRegistered.subject', { pseudonym: row.pseudonym }),
      text: t.t('mail.drawRegistered.text', {
        pseudonym: row.pseudonym,
        date: `${closes.date} ${closes.time}`,
        link: `${deps.links.base}/${row.locale}/draws/${row.round_id}`,
      }),
    });
    return { ok: true, pseudonym: row.pseudonym, merged: false, roundId: row.round_id };
  });
}
