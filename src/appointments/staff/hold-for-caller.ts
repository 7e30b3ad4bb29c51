import { listLocations } from '../../authorities/list-locations.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import { actorCan } from '../../platform/access/actor-access.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { holdSlot, type HoldResult } from '../booking/hold-slot.js';
import type { Channel } from '../booking/slots.js';

/**
 * A caseworker holds a time for a caller: only at a location and for a service they may book
 * ('notAllowed' otherwise, before anything is held). The service and location are public facts, so
 * the refusal may say so.
 */
export async function holdForCaller(
  options: { serviceSlug: string; locationSlug: string; startsAt: Date; channel: Channel },
  ctx: Context,
): Promise<HoldResult | { readonly ok: false; readonly reason: 'notAllowed' }> {
  const allowed = await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const service = await bookingFacts(tx, 'de', { slug: options.serviceSlug });
    const location = (await listLocations(tx, 'de')).find((l) => l.slug === options.locationSlug);
    if (!service || !location) return true; // holdSlot says what is wrong with it
    return actorCan(ctx.actor, 'appointments.book', {
      authorityId: ctx.authorityId,
      locationId: location.id,
      serviceId: service.id,
    });
  });
  if (!allowed) return { ok: false, reason: 'notAllowed' };
  return holdSlot(options, ctx);
}
