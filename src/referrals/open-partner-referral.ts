import { recordAudit } from '../audit/record-audit.js';
import { offerTitle } from '../partners/referral-targets.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withPartner } from '../platform/database/index.js';
import type { StaffLocale } from '../platform/i18n/catalogues.js';
import { isUuid } from '../platform/ids.js';
import { type Category, CATEGORIES } from './consent.js';
import { type Answer, answersOf, partnerOf } from './referral-store.js';

export interface PartnerReferralView {
  readonly id: string;
  readonly purpose: string;
  readonly message: string;
  readonly createdAt: Date;
  readonly consentUntil: Date;
  /** Exactly the consented fields, in the categories' order. */
  readonly fields: readonly { category: Category; value: string }[];
  readonly answers: readonly Answer[];
}

/**
 * A partner opens one referral: only through the partner's context, so that another partner's
 * referral, or one whose consent was withdrawn or expired, is simply not there (null: 404). The
 * read is written to the audit trail like a case read, and to the disclosures the person's access
 * report lists (which categories were shown, when, to whom).
 */
export async function openPartnerReferral(
  { referralId, locale }: { referralId: string; locale: StaffLocale },
  ctx: Context,
): Promise<PartnerReferralView | null> {
  const partnerId = partnerOf(ctx.actor);
  if (!partnerId || !isUuid(referralId)) return null;
  if (!actorCan(ctx.actor, 'referrals.answer', { authorityId: ctx.authorityId, partnerId })) return null;
  return withPartner(ctx.pool, ctx.authorityId, partnerId, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      offer_id: string;
      message: string;
      created_at: Date;
      fields: Record<string, string>;
      until: Date;
    }>(
      `SELECT r.id, r.offer_id, r.message, r.created_at, d.fields,
              (SELECT max(c.expires_at) FROM referral_consents c WHERE c.referral_id = r.id) AS until
         FROM referrals r JOIN referral_data d ON d.referral_id = r.id
        WHERE r.id = $1`,
      [referralId],
    );
    const row = rows[0];
    if (!row) return null;
    const fields = CATEGORIES.filter((c) => typeof row.fields[c] === 'string').map((category) => ({
      category,
      value: row.fields[category]!,
    }));
    const shown = fields.map((f) => f.category);
    await tx.query(
      'INSERT INTO referral_disclosures (referral_id, authority_id, partner_id, categories, shown_to) VALUES ($1, $2, $3, $4, $5)',
      [row.id, ctx.authorityId, partnerId, shown, ctx.actor.kind === 'staff' ? ctx.actor.userId : null],
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'referral.viewed',
      objectType: 'referral',
      objectId: row.id,
      details: { partner: partnerId, categories: shown },
    });
    return {
      id: row.id,
      purpose: (await offerTitle(tx, row.offer_id, locale)) ?? '',
      message: row.message,
      createdAt: row.created_at,
      consentUntil: row.until,
      fields,
      answers: await answersOf(tx, row.id),
    };
  });
}
