import { recordAudit } from '../../audit/record-audit.js';
import { actorCan } from '../../platform/access/actor-access.js';
import type { Context } from '../../platform/context.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { appointmentView } from '../appointment-view.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { emailKey, identityKey, newCheckInCode } from '../codes.js';
import { sendConfirmation } from '../confirmation/confirmation-mail.js';
import { parsePerson, type PersonError, type PersonInput } from '../../platform/forms/person-form.js';
import { preferSpeakingCounter } from '../booking/prefer-counter.js';

export type CallerResult =
  | { readonly ok: true; readonly reference: string; readonly checkInCode: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly PersonError[] }
  | { readonly ok: false; readonly reason: 'expired' | 'alreadyBooked' | 'notAllowed' };

/**
 * A caseworker books for a caller (phone, counter): the slot they hold becomes a booked appointment
 * at once — the caseworker vouches for the person, so there is no e-mail code. Without an e-mail
 * address nothing is sent; the caseworker tells the reference and check-in code.
 */
export async function bookForCaller(
  { appointmentId, input, authorityName }: { appointmentId: string; input: PersonInput; authorityName: string },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<CallerResult> {
  const withoutEmail = input.email.trim() === '';
  const parsed = parsePerson(
    withoutEmail ? { ...input, email: 'caller@example.invalid' } : input,
    officeToday(Date.now()),
  );
  if (!parsed.ok) return { ok: false, reason: 'invalid', errors: parsed.errors };
  const person = { ...parsed.person, email: withoutEmail ? null : parsed.person.email };
  if (ctx.actor.kind !== 'staff') throw new Error('only staff book for callers');
  const staffId = ctx.actor.userId;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ location_id: string; service_id: string }>(
      `SELECT location_id, service_id FROM appointments WHERE id = $1 AND status = 'held' AND booked_by = $2 AND occupies AND releases_at > now() FOR UPDATE`,
      [appointmentId, staffId],
    );
    const held = rows[0];
    if (!held) return { ok: false, reason: 'expired' };
    // Held while they could book there; their grant may have changed since.
    const target = { authorityId: ctx.authorityId, locationId: held.location_id, serviceId: held.service_id };
    if (!actorCan(ctx.actor, 'appointments.book', target)) return { ok: false, reason: 'notAllowed' };
    const manageToken = randomToken();
    const checkInCode = newCheckInCode();
    await tx.query('SAVEPOINT caller');
    try {
      await tx.query(
        `UPDATE appointments SET status = 'booked', releases_at = NULL, confirmed_at = now(), first_name = $2, last_name = $3, birth_date = $4,
                email = $5, locale = $6, permit_expires_on = $7, identity_key = $8, email_key = $9, check_in_code = $10, manage_token_hash = $11
          WHERE id = $1`,
        [
          appointmentId,
          person.firstName,
          person.lastName,
          person.birthDate,
          person.email,
          person.locale,
          person.permitExpiresOn,
          identityKey(deps.identitySecret, person),
          person.email ? emailKey(person.email) : null,
          checkInCode,
          tokenHash(manageToken),
        ],
      );
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await tx.query('ROLLBACK TO SAVEPOINT caller');
      return { ok: false, reason: 'alreadyBooked' };
    }
    await preferSpeakingCounter(tx, appointmentId, person.locale);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'appointment.booked_for_caller',
      objectType: 'appointment',
      objectId: appointmentId,
    });
    const view = (await appointmentView(tx, { id: appointmentId }, person.locale))!;
    await sendConfirmation(tx, ctx.authorityId, deps, view, authorityName, manageToken);
    return { ok: true, reference: view.reference, checkInCode };
  });
}
