import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { freshInvitation } from './invitation-links.js';
import { staffById } from './staff-store.js';

const DEMO_LINK_HOURS = 24;

export interface DemoStaffLink {
  readonly email: string;
  readonly displayName: string;
  readonly link: string;
}

/**
 * On start, for the demo's seeded staff (accounts without any credential): set-up links printed on
 * the console beside the first admin's, so each of them can be tried. Only while the authority has
 * no admin yet, i.e. exactly while the console already holds the first admin's link, which gives
 * more than all of these together; once an admin exists, invitations are theirs to send. Each
 * start issues fresh links (24 hours) and the earlier ones stop working; accounts that were set
 * up in the meantime get none.
 */
export async function issueDemoStaffLinks(
  { authorityId, userIds }: { authorityId: string; userIds: readonly string[] },
  deps: Pick<IdentityDeps, 'pool' | 'links'>,
): Promise<DemoStaffLink[]> {
  if (userIds.length === 0) return [];
  return withTenant(deps.pool, authorityId, async (tx) => {
    const { rows } = await tx.query("SELECT 1 FROM staff_roles WHERE role = 'authority_admin' LIMIT 1");
    if (rows.length > 0) return [];
    const links: DemoStaffLink[] = [];
    for (const userId of userIds) {
      const user = await staffById(tx, userId);
      if (user?.status !== 'invited') continue;
      const { link } = await freshInvitation(tx, {
        authorityId,
        userId,
        base: deps.links.base,
        validHours: DEMO_LINK_HOURS,
      });
      links.push({ email: user.email, displayName: user.displayName, link });
    }
    if (links.length > 0)
      await recordAudit(
        tx,
        authorityId,
        { kind: 'system', process: 'start' },
        { action: 'staff.demo_links_issued', details: { accounts: links.length } },
      );
    return links;
  });
}
