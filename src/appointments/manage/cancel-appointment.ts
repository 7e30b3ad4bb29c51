import { enqueueMail } from '../../platform/mail/outbox.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import { translator } from '../../platform/i18n/translator.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { appointmentView, type AppointmentView } from '../appointment-view.js';
import { bookingRules } from '../booking/booking-plan.js';
import { offerFreedSlot } from '../draws/offer-freed-slot.js';
import { formatSlot } from '../slot-format.js';

export type CancelResult =
  | { readonly ok: true; readonly view: AppointmentView }
  | { readonly ok: false; readonly reason: 'unknown' | 'notCancellable' };

/**
 * Ends a booked appointment. Its time stays blocked through the cool-down, so that a slot cannot
 * be "handed over" by cancelling it the moment a buyer books it; for a service allocated by draw,
 * the time is offered to the next person on the waitlist instead.
 */
export async function cancelBooked(
  tx: Tx,
  appointmentId: string,
  authorityId: string,
  deps: AppointmentDeps,
): Promise<void> {
  const rules = await bookingRules(tx, authorityId);
  const { rows } = await tx.query<{ service_id: string }>(
    `UPDATE appointments a SET status = 'cancelled', cancelled_at = now(), releases_at = now() + make_interval(mins => $2)
      WHERE a.id = $1 RETURNING a.service_id`,
    [appointmentId, rules.cooldownMinutes],
  );
  // Whether the service is allocated by draw is the catalogue's to say.
  const service = rows[0] ? await bookingFacts(tx, 'de', { id: rows[0].service_id }) : null;
  if (service?.allocation === 'draw') await offerFreedSlot(tx, appointmentId, authorityId, deps);
}

/** The person cancels from the link in their e-mail (a POST with explicit confirmation, never a GET). */
export async function cancelAppointment(
  { manageToken }: { manageToken: string },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<CancelResult> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string; cancellable: boolean }>(
      `SELECT id, status = 'booked' AND starts_at > now() AS cancellable FROM appointments WHERE manage_token_hash = $1 FOR UPDATE`,
      [tokenHash(manageToken)],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (!row.cancellable) return { ok: false, reason: 'notCancellable' };
    await cancelBooked(tx, row.id, ctx.authorityId, deps);
    const view = (await appointmentView(tx, { id: row.id }, 'de'))!;
    const locale = view.locale ?? 'de';
    const localized = (await appointmentView(tx, { id: row.id }, locale))!;
    if (view.email) {
      const t = translator(locale);
      const { date, time } = formatSlot(locale, view.startsAt);
      await enqueueMail(tx, ctx.authorityId, {
        to: view.email,
        subject: t.t('mail.cancelled.subject', { date }),
        text: t.t('mail.cancelled.text', {
          service: localized.service.name,
          date,
          time,
          reference: view.reference,
          link: `${deps.links.base}/${locale}/services/${view.service.slug}`,
        }),
      });
    }
    return { ok: true, view: localized };
  });
}
