import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { mayManageDirectory } from './directory-access.js';
import type { PartnerKind } from './partner-kinds.js';

export interface PartnerListEntry {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly active: boolean;
  readonly takesReferrals: boolean;
  readonly offers: number;
  readonly services: number;
}

/** The directory for its admins: every organisation, active ones first, by name; null when not allowed. */
export async function listPartners(ctx: Context): Promise<PartnerListEntry[] | null> {
  if (!mayManageDirectory(ctx)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      slug: string;
      name: string;
      kind: PartnerKind;
      active: boolean;
      takes_referrals: boolean;
      offers: number;
      services: number;
    }>(
      `SELECT p.id, p.slug, p.name, p.kind, p.active, p.takes_referrals,
              (SELECT count(*)::int FROM partner_offers o WHERE o.partner_id = p.id) AS offers,
              (SELECT count(*)::int FROM partner_services s WHERE s.partner_id = p.id) AS services
         FROM partner_organisations p ORDER BY p.active DESC, p.name`,
    );
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      kind: r.kind,
      active: r.active,
      takesReferrals: r.takes_referrals,
      offers: r.offers,
      services: r.services,
    }));
  });
}
