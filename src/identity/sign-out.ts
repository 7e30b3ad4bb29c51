import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { closeSession } from './sessions.js';

/**
 * Ends one staff session. Other capabilities call it too: enrolling a tablet as the entrance kiosk
 * ends the team lead's session on that tablet (`reason: 'kiosk_enrolled'`).
 */
export async function signOut(
  { sessionToken, reason }: { sessionToken: string; reason?: 'kiosk_enrolled' },
  actor: Extract<Actor, { kind: 'staff' }>,
  deps: Pick<IdentityDeps, 'pool'>,
): Promise<void> {
  await withTenant(deps.pool, actor.authorityId, async (tx) => {
    await closeSession(tx, sessionToken);
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.logout',
      objectType: 'staff',
      objectId: actor.userId,
      ...(reason ? { details: { reason } } : {}),
    });
  });
}
