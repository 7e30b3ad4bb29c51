import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';

/**
 * Whether the actor may read or change the register of issued permits and its reminder setting.
 * The register belongs to the whole authority (no location, no service): only a grant without
 * limits reaches it, so a team lead limited to one location is refused.
 */
export function mayManageRegister(ctx: Context): boolean {
  return actorCan(ctx.actor, 'renewals.manage', { authorityId: ctx.authorityId, locationId: null, serviceId: null });
}
