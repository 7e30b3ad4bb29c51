import { recordAudit } from '../audit/record-audit.js';
import { offerTitle, partnerContact } from '../partners/referral-targets.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import { tokenHash } from '../platform/crypto.js';
import { isLocale } from '../platform/i18n/locales.js';
import { isUuid } from '../platform/ids.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import { expiryOf, legalBasisFor } from './consent.js';
import { consentReceiptMail } from './referral-mails.js';
import { lockReferral, type ReferralHead, referralHead, validConsentIds } from './referral-store.js';

/** How the person reaches their referral: the mail's link, or in person at the counter (staff, by id). */
export type ReferralAccess =
  | { readonly by: 'link'; readonly token: string }
  | { readonly by: 'counter'; readonly referralId: string };

/**
 * The referral the access opens, in the caller's transaction: by the link's token, or for staff
 * who may refer from the referral's source (`referrals.create` with its service). Null: unknown.
 */
export async function accessibleReferral(tx: Tx, ctx: Context, access: ReferralAccess): Promise<ReferralHead | null> {
  if (access.by === 'link') {
    if (access.token.length < 20 || access.token.length > 100) return null;
    return referralHead(tx, 'token', tokenHash(access.token));
  }
  if (!isUuid(access.referralId)) return null;
  const head = await referralHead(tx, 'id', access.referralId);
  if (!head) return null;
  const target = { authorityId: ctx.authorityId, serviceId: head.serviceId, partnerId: head.partnerId };
  return actorCan(ctx.actor, 'referrals.create', target) ? head : null;
}

/**
 * The person consents: a consent record (never edited; valid CONSENT_DAYS unless withdrawn) and
 * its receipt by mail. Consenting again while a consent is valid records nothing new.
 */
export async function giveConsent(
  { access, controller, base }: { access: ReferralAccess; controller: string; base: string },
  ctx: Context,
): Promise<{ ok: true; referralId: string } | { ok: false }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const head = await accessibleReferral(tx, ctx, access);
    if (!head) return { ok: false };
    await lockReferral(tx, head.id);
    if ((await validConsentIds(tx, head.id)).length > 0) return { ok: true, referralId: head.id };
    const locale = isLocale(head.personLocale) ? head.personLocale : 'de';
    const partner = (await partnerContact(tx, head.partnerId))!;
    const purpose = (await offerTitle(tx, head.offerId, locale)) ?? '';
    const givenAt = new Date();
    const expiresAt = expiryOf(givenAt);
    const legalBasis = legalBasisFor(head.categories);
    const method = access.by === 'link' ? 'mail_link' : 'in_person';
    const recordedBy = access.by === 'counter' && ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO referral_consents (authority_id, referral_id, partner_id, controller_name, recipient_name, purpose,
                                      categories, legal_basis, method, recorded_by, locale, given_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        ctx.authorityId,
        head.id,
        head.partnerId,
        controller,
        partner.name,
        purpose,
        head.categories,
        legalBasis,
        method,
        recordedBy,
        locale,
        givenAt,
        expiresAt,
      ],
    );
    const consentId = rows[0]!.id;
    if (head.personEmail) {
      await enqueueMail(
        tx,
        ctx.authorityId,
        consentReceiptMail({
          to: head.personEmail,
          locale,
          consentId,
          controller,
          partner: partner.name,
          purpose,
          categories: head.categories,
          legalBasis,
          method,
          givenAt,
          expiresAt,
          link: access.by === 'link' ? `${base}/${locale}/referrals/${access.token}` : null,
        }),
      );
    }
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'referral.consent_given',
      objectType: 'referral',
      objectId: head.id,
      details: { consent: consentId, method, categories: head.categories },
    });
    return { ok: true, referralId: head.id };
  });
}
