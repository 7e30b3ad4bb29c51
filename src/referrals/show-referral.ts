import { recordAudit } from '../audit/record-audit.js';
import { offerTitle, partnerContact } from '../partners/referral-targets.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import type { Category } from './consent.js';
import { accessibleReferral, type ReferralAccess } from './give-consent.js';
import {
  type Answer,
  answersOf,
  type ConsentState,
  consentStateOf,
  type Disclosure,
  disclosuresOf,
} from './referral-store.js';

export interface ReferralView {
  readonly id: string;
  readonly partner: string;
  readonly purpose: string;
  readonly message: string;
  readonly categories: readonly Category[];
  readonly createdAt: Date;
  readonly source: { readonly kind: string; readonly id: string };
  readonly consent: ConsentState;
  readonly answers: readonly Answer[];
  /** The person's access report: what the partner was shown, when. */
  readonly disclosures: readonly Disclosure[];
}

/**
 * One referral as the office (caseworkers who may refer from its source) or the person (the
 * link) sees it: consent, the partner's answers, what the partner was shown. Staff reads are audited.
 */
export async function showReferral(
  { access, locale }: { access: ReferralAccess; locale: Locale },
  ctx: Context,
): Promise<ReferralView | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const head = await accessibleReferral(tx, ctx, access);
    if (!head) return null;
    if (access.by === 'counter') {
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'referral.viewed',
        objectType: 'referral',
        objectId: head.id,
      });
    }
    return {
      id: head.id,
      partner: (await partnerContact(tx, head.partnerId))?.name ?? '',
      purpose: (await offerTitle(tx, head.offerId, locale)) ?? '',
      message: head.message,
      categories: head.categories,
      createdAt: head.createdAt,
      source: { kind: head.sourceKind, id: head.sourceId },
      consent: await consentStateOf(tx, head.id),
      answers: await answersOf(tx, head.id),
      disclosures: await disclosuresOf(tx, head.id),
    };
  });
}
