import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';

/**
 * Whether the actor may keep the partner directory. The directory belongs to the whole authority
 * (no location, no service): only a grant of `partners.manage` without limits reaches it.
 */
export function mayManageDirectory(ctx: Context): boolean {
  return actorCan(ctx.actor, 'partners.manage', { authorityId: ctx.authorityId, locationId: null, serviceId: null });
}
