import type { Tx } from '../platform/database/index.js';
import { LOCALES } from '../platform/i18n/locales.js';
import type { PartnerInput } from './partner-form.js';

/** The organisation's own columns, in the order of `ORGANISATION_COLUMNS`. */
export function organisationValues(input: PartnerInput): unknown[] {
  return [
    input.kind,
    input.name,
    input.languages,
    input.street,
    input.postalCode,
    input.city,
    input.phone,
    input.email,
    input.website,
    input.takesReferrals,
  ];
}
export const ORGANISATION_COLUMNS = [
  'kind',
  'name',
  'languages',
  'street',
  'postal_code',
  'city',
  'phone',
  'email',
  'website',
  'takes_referrals',
] as const;

/**
 * Writes what hangs off an organisation (texts per language, offers with their titles, linked
 * services) so that afterwards it is exactly the input. Offers are kept by key, so an offer that
 * referrals name stays the same row; removing one that is still named fails on its foreign key
 * (the caller answers that). In the caller's tenant transaction.
 */
export async function writeDetails(tx: Tx, authorityId: string, partnerId: string, input: PartnerInput): Promise<void> {
  const locales = LOCALES.filter((l) => input.texts[l]);
  await tx.query('DELETE FROM partner_organisation_texts WHERE partner_id = $1 AND NOT (locale = ANY($2::text[]))', [
    partnerId,
    locales,
  ]);
  for (const locale of locales) {
    const text = input.texts[locale]!;
    await tx.query(
      `INSERT INTO partner_organisation_texts (partner_id, authority_id, locale, summary, hours) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (partner_id, locale) DO UPDATE SET summary = excluded.summary, hours = excluded.hours`,
      [partnerId, authorityId, locale, text.summary, text.hours],
    );
  }
  await tx.query('DELETE FROM partner_offers WHERE partner_id = $1 AND NOT (key = ANY($2::text[]))', [
    partnerId,
    input.offers.map((o) => o.key),
  ]);
  for (const [position, offer] of input.offers.entries()) {
    const offerId = (
      await tx.query<{ id: string }>(
        `INSERT INTO partner_offers (partner_id, authority_id, key, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (partner_id, key) DO UPDATE SET position = excluded.position RETURNING id`,
        [partnerId, authorityId, offer.key, position],
      )
    ).rows[0]!.id;
    const titled = LOCALES.filter((l) => offer.titles[l]);
    await tx.query('DELETE FROM partner_offer_texts WHERE offer_id = $1 AND NOT (locale = ANY($2::text[]))', [
      offerId,
      titled,
    ]);
    for (const locale of titled)
      await tx.query(
        `INSERT INTO partner_offer_texts (offer_id, authority_id, locale, title) VALUES ($1, $2, $3, $4)
         ON CONFLICT (offer_id, locale) DO UPDATE SET title = excluded.title`,
        [offerId, authorityId, locale, offer.titles[locale]],
      );
  }
  await tx.query('DELETE FROM partner_services WHERE partner_id = $1', [partnerId]);
  for (const link of input.services)
    await tx.query(
      'INSERT INTO partner_services (partner_id, service_id, authority_id, timing) VALUES ($1, $2, $3, $4)',
      [partnerId, link.serviceId, authorityId, link.timing],
    );
}

/** A database refusal the form can name: a slug in use, an offer still named by referrals. */
export function formRefusal(error: unknown): 'slugTaken' | 'offerInUse' | null {
  const code = (error as { code?: string } | null)?.code;
  if (code === '23505') return 'slugTaken';
  if (code === '23503') return 'offerInUse';
  return null;
}
