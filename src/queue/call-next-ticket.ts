import { activeCounterLocation } from '../appointments/check-in/counters-at.js';
import { officeToday } from '../platform/clock/office-time.js';
import { staffProfiles } from '../identity/staff-store.js';
import type { Context } from '../platform/context.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import { pickNext } from './call-next.js';
import { readLocationQueue } from './location-queue.js';
import { actorCan, actorScopes } from '../platform/access/actor-access.js';
import { counterIsFree, recordEvent } from './tickets.js';

export type CallRefusal = 'unknownCounter' | 'busy' | 'empty';

/** Calls of one location are decided one at a time, so two counters never call the same person. */
export async function lockLocationQueue(tx: Tx, locationId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('queue:' || $1, 0))", [locationId]);
}

/** The member of staff acting (their id and spoken languages), for the language preference. */
export async function staffLanguages(tx: Tx, ctx: Context): Promise<{ userId: string | null; languages: string[] }> {
  if (ctx.actor.kind !== 'staff') return { userId: null, languages: [] };
  const profile = (await staffProfiles(tx, [ctx.actor.userId])).get(ctx.actor.userId);
  return { userId: ctx.actor.userId, languages: profile?.languages ?? [] };
}

/**
 * "Call next" at a counter: the rule of call-next.ts picks the person (due appointments, then
 * emergencies, then walk-ins; only matters the counter serves; the caller's languages preferred),
 * who is called to the counter. The counter must have finished with the person before. Only at a
 * location the caseworker reaches ('unknownCounter' otherwise), and only tickets of matters they reach.
 */
export async function callNextTicket(
  { counterId }: { counterId: string },
  ctx: Context,
): Promise<{ ok: true; number: string; ticketId: string } | { ok: false; reason: CallRefusal }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const locationId = await activeCounterLocation(tx, counterId);
    if (!locationId || !actorCan(ctx.actor, 'queue.serve', { authorityId: ctx.authorityId, locationId }))
      return { ok: false, reason: 'unknownCounter' };
    await lockLocationQueue(tx, locationId);
    if (!(await counterIsFree(tx, counterId))) return { ok: false, reason: 'busy' };
    const now = Date.now();
    const queue = await readLocationQueue(tx, {
      authorityId: ctx.authorityId,
      locationId,
      officeDay: officeToday(now),
      now,
      scopes: actorScopes(ctx.actor, 'queue.serve'),
    });
    const counter = queue.counters.find((c) => c.id === counterId);
    if (!counter) return { ok: false, reason: 'unknownCounter' };
    const staff = await staffLanguages(tx, ctx);
    const waiting = queue.tickets.filter((t) => t.status === 'waiting');
    const next = pickNext(
      waiting,
      { id: counter.id, serviceIds: counter.serviceIds, staffLanguages: staff.languages },
      now,
    );
    if (!next) return { ok: false, reason: 'empty' };
    await tx.query(
      `UPDATE queue_tickets SET status = 'called', counter_id = $2, called_at = now(), calls = calls + 1, assigned_counter_id = NULL WHERE id = $1`,
      [next.id, counterId],
    );
    await recordEvent(tx, {
      authorityId: ctx.authorityId,
      ticketId: next.id,
      locationId,
      event: 'called',
      serviceId: next.serviceId,
      counterId,
      staffUserId: staff.userId,
    });
    const number = queue.tickets.find((t) => t.id === next.id)!.number;
    return { ok: true, number, ticketId: next.id };
  });
}
