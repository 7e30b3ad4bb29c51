import { recordAudit } from '../audit/record-audit.js';
import { partnerContact } from '../partners/referral-targets.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import { accessibleReferral, type ReferralAccess } from './give-consent.js';
import { withdrawalNoticeMail } from './referral-mails.js';
import { lockReferral, validConsentIds } from './referral-store.js';

/**
 * The person withdraws consent (the link, or at the counter): each valid consent gets its end, a
 * row of its own (the record itself is never changed). From the commit on, the partner's next
 * statement sees nothing of the referral (the policy asks for a consent without an end). The
 * partner is told by mail, without any of the person's data.
 */
export async function withdrawConsent(
  { access }: { access: ReferralAccess },
  ctx: Context,
): Promise<{ ok: true; referralId: string; ended: number } | { ok: false }> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const head = await accessibleReferral(tx, ctx, access);
    if (!head) return { ok: false };
    await lockReferral(tx, head.id);
    const consents = await validConsentIds(tx, head.id);
    if (consents.length === 0) return { ok: true, referralId: head.id, ended: 0 };
    const method = access.by === 'link' ? 'mail_link' : 'in_person';
    const recordedBy = access.by === 'counter' && ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
    for (const consent of consents) {
      await tx.query(
        `INSERT INTO referral_consent_ends (consent_id, authority_id, partner_id, method, recorded_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [consent, ctx.authorityId, head.partnerId, method, recordedBy],
      );
    }
    const partner = await partnerContact(tx, head.partnerId);
    if (partner?.email) {
      await enqueueMail(
        tx,
        ctx.authorityId,
        withdrawalNoticeMail({ to: partner.email, partner: partner.name, referralId: head.id }),
      );
    }
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'referral.consent_withdrawn',
      objectType: 'referral',
      objectId: head.id,
      details: { consents, method },
    });
    return { ok: true, referralId: head.id, ended: consents.length };
  });
}
