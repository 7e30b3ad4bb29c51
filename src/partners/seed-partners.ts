import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import type { Tx } from '../platform/database/index.js';
import { LOCALES } from '../platform/i18n/locales.js';
import { readSeedFile } from '../platform/seed-files.js';
import { PartnerSeeds } from './seed-schema.js';

type PartnerSeed = Static<typeof PartnerSeeds>[number];

/** Checks across fields that the schema cannot: unique slugs and offer keys, known services. */
function checkSeeds(file: string, partners: readonly PartnerSeed[], serviceIds: ReadonlyMap<string, string>): void {
  const slugs = new Set<string>();
  for (const partner of partners) {
    if (slugs.has(partner.slug)) throw new Error(`Seed file ${file}: slug "${partner.slug}" appears twice`);
    slugs.add(partner.slug);
    const keys = new Set(partner.offers.map((o) => o.key));
    if (keys.size !== partner.offers.length) throw new Error(`Seed file ${file}: ${partner.slug} repeats an offer key`);
    for (const link of partner.services)
      if (!serviceIds.has(link.service))
        throw new Error(`Seed file ${file}: ${partner.slug} names unknown service "${link.service}"`);
  }
}

async function insertPartner(
  tx: Tx,
  authorityId: string,
  partner: PartnerSeed,
  serviceIds: ReadonlyMap<string, string>,
) {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO partner_organisations (authority_id, slug, kind, name, languages, street, postal_code, city, phone, email,
                                        website, takes_referrals)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (authority_id, slug) DO NOTHING RETURNING id`,
    [
      authorityId,
      partner.slug,
      partner.kind,
      partner.name,
      partner.languages,
      partner.street,
      partner.postalCode,
      partner.city,
      partner.phone,
      partner.email,
      partner.website,
      partner.takesReferrals,
    ],
  );
  const partnerId = rows[0]?.id;
  // Already there: the directory is the admins' to keep from then on, a restart does not undo their edits.
  if (!partnerId) return false;
  for (const locale of LOCALES) {
    const text = partner.texts[locale];
    await tx.query(
      `INSERT INTO partner_organisation_texts (partner_id, authority_id, locale, summary, hours) VALUES ($1, $2, $3, $4, $5)`,
      [partnerId, authorityId, locale, text.summary, text.hours],
    );
  }
  for (const [position, offer] of partner.offers.entries()) {
    const offerId = (
      await tx.query<{ id: string }>(
        'INSERT INTO partner_offers (partner_id, authority_id, key, position) VALUES ($1, $2, $3, $4) RETURNING id',
        [partnerId, authorityId, offer.key, position],
      )
    ).rows[0]!.id;
    for (const locale of LOCALES)
      await tx.query(
        `INSERT INTO partner_offer_texts (offer_id, authority_id, locale, title, description) VALUES ($1, $2, $3, $4, $5)`,
        [offerId, authorityId, locale, offer.texts[locale].title, offer.texts[locale].description],
      );
  }
  for (const link of partner.services)
    await tx.query(
      'INSERT INTO partner_services (partner_id, service_id, authority_id, timing) VALUES ($1, $2, $3, $4)',
      [partnerId, serviceIds.get(link.service), authorityId, link.timing],
    );
  return true;
}

/**
 * Adds the partner organisations of a seed folder (`partners.json`, optional) that the authority
 * does not have yet, in a transaction scoped to it. Unlike the catalogue, an existing partner is
 * left as it is: admins edit the directory (/staff/partners), and a restart must not undo that.
 * Returns how many were added.
 */
export async function seedPartners(
  tx: Tx,
  folder: string,
  authorityId: string,
  serviceIds: ReadonlyMap<string, string>,
): Promise<number> {
  const file = path.join(folder, 'partners.json');
  const present = await access(file).then(
    () => true,
    () => false,
  );
  if (!present) return 0;
  const partners = await readSeedFile(file, PartnerSeeds);
  checkSeeds(file, partners, serviceIds);
  let added = 0;
  for (const partner of partners) if (await insertPartner(tx, authorityId, partner, serviceIds)) added += 1;
  return added;
}
