import { officeToday } from '../platform/clock/office-time.js';
import { walkInServices } from '../catalog/walk-in-services.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { kioskOf } from './find-kiosk.js';
import { insertTicket, type IssuedTicket } from './tickets.js';

export type IssueRefusal = 'unknownLocation' | 'notKiosk' | 'unknownService' | 'full';

/**
 * The kiosk issues a ticket for a matter open for walk-in, or (emergency) for a matter open to
 * people whose permit is about to expire. Only an enrolled kiosk of the location may issue.
 */
export async function issueTicket(
  {
    locationSlug,
    kioskToken,
    serviceId,
    emergency,
    locale,
  }: { locationSlug: string; kioskToken: string | undefined; serviceId: string; emergency: boolean; locale: Locale },
  ctx: Context,
): Promise<{ ok: true; ticket: IssuedTicket } | { ok: false; reason: IssueRefusal }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { location, device } = await kioskOf(tx, { locationSlug, token: kioskToken, locale });
    if (!location) return { ok: false, reason: 'unknownLocation' };
    if (!device) return { ok: false, reason: 'notKiosk' };
    const service = (await walkInServices(tx, locale, location.id)).find(
      (s) => s.id === serviceId && (emergency ? s.emergency : s.walkIn),
    );
    if (!service) return { ok: false, reason: 'unknownService' };
    const ticket = await insertTicket(tx, {
      authorityId: ctx.authorityId,
      locationId: location.id,
      serviceId: service.id,
      officeDay: officeToday(Date.now()),
      kind: emergency ? 'emergency' : 'walk_in',
      locale,
      appointmentId: null,
      dueAt: null,
      kioskId: device.id,
    });
    return ticket ? { ok: true, ticket } : { ok: false, reason: 'full' };
  });
}
