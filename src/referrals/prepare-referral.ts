import { caseReferralSource } from '../cases/work/referral-source.js';
import { partnerOrganisations, type ReferralTarget, referralTarget } from '../partners/referral-targets.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import { CATEGORIES, type Category } from './consent.js';

export interface ReferralForm {
  readonly caseId: string;
  readonly partners: readonly { id: string; name: string }[];
  /** The chosen partner with its offers (none chosen yet: null). */
  readonly partner: ReferralTarget | null;
  /** Which categories the case holds (the others cannot be ticked). */
  readonly available: readonly Category[];
}

/** What the referral form offers for a case: partners taking referrals, their offers, the case's fields (not their values). */
export async function prepareReferral(
  { caseId, partnerId }: { caseId: string; partnerId?: string },
  ctx: Context,
): Promise<ReferralForm | null> {
  if (!isUuid(caseId)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const source = await caseReferralSource(tx, ctx, caseId);
    if (!source) return null;
    if (!actorCan(ctx.actor, 'referrals.create', { authorityId: ctx.authorityId, serviceId: source.serviceId }))
      return null;
    const partners = await partnerOrganisations(tx, { takingReferrals: true });
    const partner = partnerId ? await referralTarget(tx, partnerId, 'de') : null;
    return {
      caseId,
      partners: partners.map((p) => ({ id: p.id, name: p.name })),
      partner,
      available: CATEGORIES.filter((c) => source.values[c] !== undefined),
    };
  });
}
