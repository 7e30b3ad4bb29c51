import { officeToday } from '../platform/clock/office-time.js';
import { checkInAppointment, type CheckInResult } from '../appointments/check-in/check-in-appointment.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { kioskOf } from './find-kiosk.js';
import { insertTicket, type IssuedTicket } from './tickets.js';

export type KioskCheckInRefusal =
  | 'unknownLocation'
  | 'notKiosk'
  | 'full'
  | Extract<CheckInResult, { ok: false }>['reason'];

/**
 * A person with an appointment checks in at the kiosk (QR code scanned, or the code typed): the
 * appointment is marked arrived and joins the same queue as a ticket due at its booked time.
 */
export async function checkInAtKiosk(
  {
    locationSlug,
    kioskToken,
    code,
    locale,
  }: { locationSlug: string; kioskToken: string | undefined; code: string; locale: Locale },
  ctx: Context,
): Promise<{ ok: true; ticket: IssuedTicket } | { ok: false; reason: KioskCheckInRefusal }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { location, device } = await kioskOf(tx, { locationSlug, token: kioskToken, locale });
    if (!location) return { ok: false, reason: 'unknownLocation' };
    if (!device) return { ok: false, reason: 'notKiosk' };
    const now = Date.now();
    const checkedIn = await checkInAppointment(tx, { code, locationId: location.id, now });
    if (!checkedIn.ok) return checkedIn;
    const { appointment } = checkedIn;
    const ticket = await insertTicket(tx, {
      authorityId: ctx.authorityId,
      locationId: location.id,
      serviceId: appointment.serviceId,
      officeDay: officeToday(now),
      kind: 'appointment',
      locale,
      appointmentId: appointment.id,
      dueAt: appointment.startsAt,
      kioskId: device.id,
    });
    if (!ticket) return { ok: false, reason: 'full' };
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'appointment.checked_in',
      objectType: 'appointment',
      objectId: appointment.id,
    });
    return { ok: true, ticket };
  });
}
