import { listLocations, type Location } from '../../authorities/list-locations.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { publicDraw, type PublicDraw } from './draw-rounds.js';

export interface PublicDrawPage {
  readonly draw: PublicDraw;
  readonly serviceName: string;
  readonly serviceSlug: string;
  readonly location: Location;
}

/** A draw round as the public sees it, with the service and place in the reader's language. */
export async function findPublicDraw(
  { id, locale }: { id: string; locale: Locale },
  ctx: Context,
): Promise<PublicDrawPage | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const draw = await publicDraw(tx, id);
    if (!draw) return null;
    const service = await bookingFacts(tx, locale, { id: draw.round.serviceId });
    const [location] = await listLocations(tx, locale, [draw.round.locationId]);
    if (!service || !location) return null;
    return { draw, serviceName: service.name, serviceSlug: service.slug, location };
  });
}
