import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { closeSession } from './sessions.js';

export async function signOut(
  { sessionToken }: { sessionToken: string },
  actor: Extract<Actor, { kind: 'staff' }>,
  deps: IdentityDeps,
): Promise<void> {
  await withTenant(deps.pool, actor.authorityId, async (tx) => {
    await closeSession(tx, sessionToken);
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.logout',
      objectType: 'staff',
      objectId: actor.userId,
    });
  });
}
