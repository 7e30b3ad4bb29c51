import { offerTitles } from '../partners/referral-targets.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withPartner } from '../platform/database/index.js';
import type { StaffLocale } from '../platform/i18n/catalogues.js';
import { type AnswerKind, partnerOf } from './referral-store.js';

export interface PartnerReferralEntry {
  readonly id: string;
  readonly purpose: string;
  readonly createdAt: Date;
  readonly lastAnswer: AnswerKind | null;
}

/**
 * The partner's list: the referrals to their organisation whose consent is valid now. The
 * database decides which (withPartner: the partner-consent policy); the list shows no personal
 * data, so it is not a read of any; opening one is (openPartnerReferral).
 */
export async function listPartnerReferrals(
  { locale }: { locale: StaffLocale },
  ctx: Context,
): Promise<PartnerReferralEntry[]> {
  const partnerId = partnerOf(ctx.actor);
  if (!partnerId || !actorCan(ctx.actor, 'referrals.answer', { authorityId: ctx.authorityId, partnerId })) return [];
  return withPartner(ctx.pool, ctx.authorityId, partnerId, async (tx) => {
    const { rows } = await tx.query<Omit<PartnerReferralEntry, 'purpose'> & { offerId: string }>(
      `SELECT r.id, r.offer_id AS "offerId", r.created_at AS "createdAt",
              (SELECT a.kind FROM referral_answers a WHERE a.referral_id = r.id ORDER BY a.created_at DESC, a.id DESC LIMIT 1)
                AS "lastAnswer"
         FROM referrals r ORDER BY r.created_at DESC LIMIT 500`,
    );
    const titles = await offerTitles(
      tx,
      rows.map((r) => r.offerId),
      locale,
    );
    return rows.map(({ offerId, ...r }) => ({ ...r, purpose: titles.get(offerId) ?? '' }));
  });
}
