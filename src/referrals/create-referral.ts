import { recordAudit } from '../audit/record-audit.js';
import { caseReferralSource } from '../cases/work/referral-source.js';
import { referralTarget } from '../partners/referral-targets.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { randomToken, tokenHash } from '../platform/crypto.js';
import { isUuid } from '../platform/ids.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import { CATEGORIES, type Category, isCategory } from './consent.js';
import { consentRequestMail } from './referral-mails.js';

export interface CreateReferralInput {
  readonly caseId: string;
  readonly partnerId: string;
  readonly offerId: string;
  readonly message: string;
  readonly categories: readonly string[];
  /** The portal's address, for the consent link in the mail. */
  readonly base: string;
  readonly authorityName: string;
}

export type ReferralFormError = {
  readonly field: 'partner' | 'offer' | 'categories' | 'message';
  readonly message:
    | 'referrals.error.partner'
    | 'referrals.error.offer'
    | 'referrals.error.categories'
    | 'referrals.error.message';
};

export type CreateReferralResult =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reason: 'notFound' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly ReferralFormError[] };

/**
 * A caseworker refers the person of a case to a partner: the referral keeps a copy of exactly the
 * chosen fields, and the person is asked by mail (in their language) to consent. Nothing is
 * visible to the partner before that (migrations/025's policy). The same source, partner and offer
 * a second time (a double click, a reload) gives the existing referral.
 */
export async function createReferral(input: CreateReferralInput, ctx: Context): Promise<CreateReferralResult> {
  if (!isUuid(input.caseId)) return { ok: false, reason: 'notFound' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const source = await caseReferralSource(tx, ctx, input.caseId);
    if (!source) return { ok: false, reason: 'notFound' };
    const target = { authorityId: ctx.authorityId, serviceId: source.serviceId };
    if (!actorCan(ctx.actor, 'referrals.create', target)) return { ok: false, reason: 'notFound' };
    const partner = await referralTarget(tx, input.partnerId, 'de');
    const categories = CATEGORIES.filter((c) => input.categories.includes(c) && source.values[c] !== undefined);
    const errors: ReferralFormError[] = [];
    if (!partner) errors.push({ field: 'partner', message: 'referrals.error.partner' });
    else if (!partner.offers.some((o) => o.id === input.offerId))
      errors.push({ field: 'offer', message: 'referrals.error.offer' });
    if (categories.length === 0 || !input.categories.every(isCategory))
      errors.push({ field: 'categories', message: 'referrals.error.categories' });
    if (input.message.trim().length > 1000) errors.push({ field: 'message', message: 'referrals.error.message' });
    if (errors.length > 0 || !partner) return { ok: false, reason: 'invalid', errors };

    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('referral-source:' || $1, 0))", [input.caseId]);
    const existing = await tx.query<{ id: string }>(
      `SELECT r.id FROM referrals r JOIN referral_sources s ON s.referral_id = r.id
        WHERE s.source_kind = 'case' AND s.source_id = $1 AND r.offer_id = $2 AND r.created_at > now() - interval '1 day'`,
      [input.caseId, input.offerId],
    );
    if (existing.rows[0]) return { ok: true, id: existing.rows[0].id };

    const id = await insertReferral(tx, ctx, input, categories, source);
    const token = randomToken();
    await tx.query(
      `INSERT INTO referral_sources (referral_id, authority_id, partner_id, source_kind, source_id, service_id,
                                     person_email, person_locale, token_hash, created_by)
       VALUES ($1, $2, $3, 'case', $4, $5, $6, $7, $8, $9)`,
      [
        id,
        ctx.authorityId,
        input.partnerId,
        input.caseId,
        source.serviceId,
        source.email,
        source.locale,
        tokenHash(token),
        ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      ],
    );
    const offer = (await referralTarget(tx, input.partnerId, source.locale))!.offers.find(
      (o) => o.id === input.offerId,
    )!;
    await enqueueMail(
      tx,
      ctx.authorityId,
      consentRequestMail({
        to: source.email,
        locale: source.locale,
        link: `${input.base}/${source.locale}/referrals/${token}`,
        partner: partner.name,
        purpose: offer.title,
        authority: input.authorityName,
        categories,
      }),
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'referral.created',
      objectType: 'referral',
      objectId: id,
      details: { case: input.caseId, partner: input.partnerId, categories },
    });
    return { ok: true, id };
  });
}

async function insertReferral(
  tx: Parameters<Parameters<typeof withTenant>[2]>[0],
  ctx: Context,
  input: CreateReferralInput,
  categories: readonly Category[],
  source: { values: Readonly<Record<string, string>> },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO referrals (authority_id, partner_id, offer_id, message, categories) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [ctx.authorityId, input.partnerId, input.offerId, input.message.trim(), categories],
  );
  const id = rows[0]!.id;
  // The copy of exactly the chosen fields: the partner reads this, never the case.
  const fields = Object.fromEntries(categories.map((c) => [c, source.values[c]]));
  await tx.query('INSERT INTO referral_data (referral_id, authority_id, partner_id, fields) VALUES ($1, $2, $3, $4)', [
    id,
    ctx.authorityId,
    input.partnerId,
    JSON.stringify(fields),
  ]);
  return id;
}
