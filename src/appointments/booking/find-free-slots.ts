import { listLocations, type Location } from '../../authorities/list-locations.js';
import { bookingFacts, type BookingFacts } from '../../catalog/booking-facts.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { bookingRules, searchSlots } from './booking-plan.js';
import { currentRounds, type DrawRound } from '../draws/draw-rounds.js';
import { addDays, isDay } from '../../platform/clock/office-time.js';
import type { DaySlots } from './slots.js';

export interface ServiceAvailability {
  readonly service: BookingFacts;
  readonly offers: { location: Location; nextDays: DaySlots[] }[];
  readonly rounds: { round: DrawRound; location: Location }[];
}

/** Step 1 of booking: for each location of the service, its next three days with free online times. */
export async function findServiceAvailability(
  { serviceSlug, locale }: { serviceSlug: string; locale: Locale },
  ctx: Context,
): Promise<ServiceAvailability | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const service = await bookingFacts(tx, locale, { slug: serviceSlug });
    if (!service) return null;
    const locations = await listLocations(tx, locale, service.locationIds);
    if (service.allocation === 'draw') {
      const rounds = await currentRounds(tx, service.id);
      return {
        service,
        offers: [],
        rounds: rounds.flatMap((round) =>
          locations.filter((l) => l.id === round.locationId).map((location) => ({ round, location })),
        ),
      };
    }
    const rules = await bookingRules(tx, ctx.authorityId);
    const now = Date.now();
    const offers = [];
    for (const location of locations) {
      const search = {
        authorityId: ctx.authorityId,
        service,
        locationId: location.id,
        channel: 'online' as const,
        notBefore: now + rules.leadMinutes * 60_000,
      };
      // Three weeks usually hold three free days; only when not, look further, up to the horizon.
      let days = await searchSlots(tx, {
        ...search,
        firstDay: officeToday(now),
        days: Math.min(21, rules.horizonDays),
      });
      if (days.length < 3 && rules.horizonDays > 21) {
        days = [
          ...days,
          ...(await searchSlots(tx, {
            ...search,
            firstDay: addDays(officeToday(now), 21),
            days: rules.horizonDays - 21,
          })),
        ];
      }
      offers.push({ location, nextDays: days.slice(0, 3) });
    }
    return { service, offers, rounds: [] };
  });
}

export interface Week {
  readonly service: BookingFacts;
  readonly location: Location;
  readonly firstDay: string;
  readonly days: DaySlots[];
  readonly previous: string | null;
  readonly next: string;
}

/** Step 2: seven days of free times at one location, from `from` (today when missing or out of range). */
export async function findFreeWeek(
  {
    serviceSlug,
    locationSlug,
    from,
    locale,
    channel = 'online',
  }: {
    serviceSlug: string;
    locationSlug: string;
    from: string | undefined;
    locale: Locale;
    channel?: 'online' | 'staff' | 'emergency';
  },
  ctx: Context,
): Promise<Week | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const service = await bookingFacts(tx, locale, { slug: serviceSlug });
    if (!service || (service.allocation === 'draw' && channel === 'online')) return null;
    const location = (await listLocations(tx, locale, service.locationIds)).find((l) => l.slug === locationSlug);
    if (!location) return null;
    const rules = await bookingRules(tx, ctx.authorityId);
    const now = Date.now();
    const today = officeToday(now);
    const last = addDays(today, rules.horizonDays);
    const firstDay = from && isDay(from) && from >= today && from <= last ? from : today;
    const days = await searchSlots(tx, {
      authorityId: ctx.authorityId,
      service,
      locationId: location.id,
      channel,
      firstDay,
      days: 7,
      notBefore: channel === 'online' ? now + rules.leadMinutes * 60_000 : now,
    });
    // biome-ignore lint/complexity/useMathMinMax: days are `YYYY-MM-DD` strings, compared as text
    const previous = firstDay > today ? (addDays(firstDay, -7) < today ? today : addDays(firstDay, -7)) : null;
    const next = addDays(firstDay, 7) <= last ? addDays(firstDay, 7) : firstDay;
    return { service, location, firstDay, days: days.filter((d) => d.day <= last), previous, next };
  });
}
