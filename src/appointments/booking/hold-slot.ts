import { randomInt } from 'node:crypto';
import type { Context } from '../../platform/context.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import { listLocations } from '../../authorities/list-locations.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import { officeToday, OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { bookingRules, loadSlotPlan, type BookableService } from './booking-plan.js';
import { newReference } from '../codes.js';
import { localParts } from '../../platform/clock/office-time.js';
import { freeSlots, type Channel, type DaySlots } from './slots.js';

export type HoldRefusal = 'unknownService' | 'drawOnly' | 'past' | 'notOffered' | 'taken';

export type HoldResult =
  | { readonly ok: true; readonly appointmentId: string; readonly holdToken: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: HoldRefusal };

/** Gives back the time of holds, codes and cool-downs that have run out in this stretch of time. */
export async function releaseLapsed(tx: Tx, locationId: string, startsAt: Date, endsAt: Date): Promise<void> {
  await tx.query({
    name: 'release-lapsed',
    text: `UPDATE appointments SET occupies = false,
              status = CASE WHEN status IN ('held', 'unconfirmed') THEN 'expired' ELSE status END
            WHERE location_id = $1 AND occupies AND releases_at <= now() AND status <> 'offered'
              AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`,
    values: [locationId, startsAt, endsAt],
  });
}

/**
 * Takes a counter's time for one appointment. The exclusion constraint `no_overbooking` decides:
 * of two transactions that want the same counter at the same time, the second gets no row and
 * tries the next counter, so no slot is ever given twice whatever the concurrency. `ON CONFLICT DO
 * NOTHING` (speculative insertion) also keeps two such inserts from deadlocking each other, which
 * plain inserts checking an exclusion constraint can do. A new row is `held` or `offered`; whoever
 * books it fills in the person in the same transaction.
 */
export async function claimCounter(
  tx: Tx,
  row: {
    authorityId: string;
    serviceId: string;
    locationId: string;
    counterIds: readonly string[];
    channel: Channel;
    startsAt: Date;
    endsAt: Date;
    status: 'held' | 'offered';
    releasesAt: Date | null;
    holdTokenHash: Buffer | null;
  },
): Promise<{ id: string; counterId: string } | null> {
  // In random order: a crowd racing for one time spreads over its counters instead of queueing
  // behind whoever holds the first one.
  for (const counterId of shuffled(row.counterIds)) {
    const { rows } = await tx.query<{ id: string }>({
      name: 'claim-counter',
      text: `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, releases_at, hold_token_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
      values: [
        row.authorityId,
        newReference(),
        row.serviceId,
        row.locationId,
        counterId,
        row.channel,
        row.startsAt,
        row.endsAt,
        row.status,
        row.releasesAt,
        row.holdTokenHash,
      ],
    });
    if (rows[0]) return { id: rows[0].id, counterId };
  }
  return null;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The counters free for exactly this slot now, or why there are none. */
export async function freeCountersAt(
  tx: Tx,
  authorityId: string,
  service: BookableService,
  locationId: string,
  channel: Channel,
  startsAt: Date,
  notBefore: number,
): Promise<readonly string[] | 'past' | 'notOffered' | 'taken'> {
  if (startsAt.getTime() < notBefore) return 'past';
  const plan = await loadSlotPlan(tx, {
    authorityId,
    service,
    locationId,
    channel,
    firstDay: localParts(startsAt.getTime(), OFFICE_TIME_ZONE).day,
    days: 1,
    notBefore,
  });
  const at = (days: DaySlots[]) => days[0]?.slots.find((s) => s.startsAt === startsAt.getTime());
  const slot = at(freeSlots(plan.request, plan.counters, plan.busy));
  if (slot) return slot.counterIds;
  // Not free: either all its counters are taken, or there is no such slot for this service here.
  return at(freeSlots(plan.request, plan.counters, [])) ? 'taken' : 'notOffered';
}

/**
 * Holds a slot for the person typing their details (`hold_minutes`, 10 by default). The hold counts
 * against capacity like a booking; when it runs out, the next booking of that time takes it back.
 */
export async function holdSlot(
  {
    serviceSlug,
    locationSlug,
    startsAt,
    replacesHold,
    channel = 'online',
  }: { serviceSlug: string; locationSlug: string; startsAt: Date; replacesHold?: string; channel?: Channel },
  ctx: Context,
): Promise<HoldResult> {
  // Staff book on their own channels, for draw services too, and up to the last minute.
  const staff = ctx.actor.kind === 'staff' && channel !== 'online';
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const service = await bookingFacts(tx, 'de', { slug: serviceSlug });
    if (!service) return { ok: false, reason: 'unknownService' };
    if (service.allocation === 'draw' && !staff) return { ok: false, reason: 'drawOnly' };
    const locationId = (await listLocations(tx, 'de', service.locationIds)).find((l) => l.slug === locationSlug)?.id;
    if (!locationId) return { ok: false, reason: 'notOffered' };
    const rules = await bookingRules(tx, ctx.authorityId);
    if (
      startsAt.getTime() > Date.now() + rules.horizonDays * 86_400_000 ||
      officeToday(startsAt.getTime()) < officeToday(Date.now())
    ) {
      return { ok: false, reason: startsAt.getTime() < Date.now() ? 'past' : 'notOffered' };
    }
    // A browser holds one slot at a time: picking another time gives the previous one back.
    if (replacesHold) {
      await tx.query(
        `UPDATE appointments SET occupies = false, status = 'expired' WHERE hold_token_hash = $1 AND status = 'held'`,
        [tokenHash(replacesHold)],
      );
    }
    const endsAt = new Date(startsAt.getTime() + service.durationMinutes * 60_000);
    await releaseLapsed(tx, locationId, startsAt, endsAt);
    const counters = await freeCountersAt(
      tx,
      ctx.authorityId,
      service,
      locationId,
      channel,
      startsAt,
      staff ? Date.now() : Date.now() + rules.leadMinutes * 60_000,
    );
    if (typeof counters === 'string') return { ok: false, reason: counters };
    const holdToken = randomToken();
    const expiresAt = new Date(Date.now() + rules.holdMinutes * 60_000);
    const claimed = await claimCounter(tx, {
      authorityId: ctx.authorityId,
      serviceId: service.id,
      locationId,
      counterIds: counters,
      channel,
      startsAt,
      endsAt,
      status: 'held',
      releasesAt: expiresAt,
      holdTokenHash: tokenHash(holdToken),
    });
    if (!claimed) return { ok: false, reason: 'taken' };
    if (staff)
      await tx.query('UPDATE appointments SET booked_by = $2 WHERE id = $1', [
        claimed.id,
        (ctx.actor as { userId: string }).userId,
      ]);
    return { ok: true, appointmentId: claimed.id, holdToken, expiresAt };
  });
}
