import { actorCan } from '../../platform/access/actor-access.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { commitSeed, newSeed } from './draw.js';
import { parseDateInput } from '../../platform/forms/person-form.js';

export interface RoundInput {
  readonly serviceId: string;
  readonly locationId: string;
  readonly days: string;
  readonly slotsFrom: string;
  readonly slotsUntil: string;
}

export type RoundError = 'days' | 'slotsFrom' | 'slotsUntil' | 'order';

/**
 * Opens a draw round now for `days` days. The seed is made here, sealed with the installation key,
 * and only its hash is shown until the draw; so the office cannot choose the seed after seeing who
 * registered. Only for a location and service the actor may configure ('notAllowed', nothing opened).
 */
export async function createDrawRound(
  input: RoundInput,
  ctx: Context,
  deps: AppointmentDeps,
): Promise<{ ok: true; id: string } | { ok: false; errors: RoundError[] } | { ok: false; reason: 'notAllowed' }> {
  const target = { authorityId: ctx.authorityId, locationId: input.locationId, serviceId: input.serviceId };
  if (!actorCan(ctx.actor, 'appointments.configure', target)) return { ok: false, reason: 'notAllowed' };
  const days = Number(input.days);
  const from = parseDateInput(input.slotsFrom);
  const until = parseDateInput(input.slotsUntil);
  const errors: RoundError[] = [];
  if (!Number.isInteger(days) || days < 1 || days > 28) errors.push('days');
  if (!from.ok) errors.push('slotsFrom');
  if (!until.ok) errors.push('slotsUntil');
  if (
    from.ok &&
    until.ok &&
    (until.day < from.day || from.day <= new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10))
  )
    errors.push('order');
  if (errors.length > 0 || !from.ok || !until.ok) return { ok: false, errors };
  const seed = newSeed();
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO draw_rounds (authority_id, service_id, location_id, opens_at, closes_at, slots_from, slots_until, seed_hash, sealed_seed)
       VALUES ($1, $2, $3, now(), now() + make_interval(days => $4), $5, $6, $7, $8) RETURNING id`,
      [
        ctx.authorityId,
        input.serviceId,
        input.locationId,
        days,
        from.day,
        until.day,
        commitSeed(seed),
        deps.sealer.seal(seed),
      ],
    );
    const id = rows[0]!.id;
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'draw.created',
      objectType: 'draw_round',
      objectId: id,
      details: { serviceId: input.serviceId, locationId: input.locationId },
    });
    return { ok: true, id };
  });
}
