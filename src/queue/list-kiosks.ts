import { locationsWithin, type Location } from '../authorities/list-locations.js';
import { actorScopes } from '../platform/access/actor-access.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';

export interface KioskEntry {
  readonly id: string;
  readonly label: string;
  readonly locationName: string;
  readonly enrolledAt: Date;
}

/** The enrolled (not revoked) kiosks at the locations the actor configures, and those locations for enrolling another. */
export async function listKiosks(ctx: Context): Promise<{ kiosks: KioskEntry[]; locations: Location[] }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const scopes = actorScopes(ctx.actor, 'queue.configure');
    const locations = await locationsWithin(tx, 'de', scopes);
    const names = new Map(locations.map((l) => [l.id, l.name]));
    const params: unknown[] = [];
    const reached = scopeCondition(scopes, { location: 'location_id' }, params);
    const { rows } = await tx.query<{ id: string; label: string; location_id: string; enrolled_at: Date }>(
      `SELECT id, label, location_id, enrolled_at FROM kiosk_devices WHERE revoked_at IS NULL AND ${reached} ORDER BY enrolled_at`,
      params,
    );
    return {
      kiosks: rows.map((r) => ({
        id: r.id,
        label: r.label,
        locationName: names.get(r.location_id) ?? '',
        enrolledAt: r.enrolled_at,
      })),
      locations,
    };
  });
}
