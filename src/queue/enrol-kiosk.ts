import { listLocations } from '../authorities/list-locations.js';
import { recordAudit } from '../audit/record-audit.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { randomToken, tokenHash } from '../platform/crypto.js';
import { withTenant } from '../platform/database/index.js';

/**
 * A team lead makes the browser in front of them the entrance kiosk of a location: the returned
 * token goes into that browser's cookie, and only its hash is stored. Only at a location they
 * configure ('notAllowed': nothing enrolled).
 */
export async function enrolKiosk(
  { locationId, label }: { locationId: string; label: string },
  ctx: Context,
): Promise<
  | { ok: true; token: string; locationSlug: string }
  | { ok: false; reason: 'unknownLocation' | 'badLabel' | 'notAllowed' }
> {
  const name = label.trim();
  if (name.length < 1 || name.length > 60) return { ok: false, reason: 'badLabel' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const location = (await listLocations(tx, 'de')).find((l) => l.id === locationId);
    if (!location) return { ok: false, reason: 'unknownLocation' };
    if (!actorCan(ctx.actor, 'queue.configure', { authorityId: ctx.authorityId, locationId: location.id }))
      return { ok: false, reason: 'notAllowed' };
    const token = randomToken();
    const { rows } = await tx.query<{ id: string }>(
      'INSERT INTO kiosk_devices (authority_id, location_id, label, token_hash, enrolled_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [ctx.authorityId, location.id, name, tokenHash(token), ctx.actor.kind === 'staff' ? ctx.actor.userId : null],
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'kiosk.enrolled',
      objectType: 'kiosk',
      objectId: rows[0]!.id,
    });
    return { ok: true, token, locationSlug: location.slug };
  });
}
