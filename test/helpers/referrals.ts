import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { tokenHash } from '../../src/platform/crypto.js';
import { withTenant } from '../../src/platform/database/index.js';

/**
 * Partner organisations and referrals written as the owner, for tests that must not depend on the
 * partner directory's seeds (helper F's) or on the referral use cases they test.
 */

export interface PlantedPartner {
  readonly partnerId: string;
  readonly offerId: string;
}

/** An organisation taking referrals, with one offer titled in German and Russian. */
export async function plantPartner(
  owner: pg.Pool,
  authorityId: string,
  { slug, name, email = '' }: { slug: string; name: string; email?: string },
): Promise<PlantedPartner> {
  return withTenant(owner, authorityId, async (tx) => {
    const partnerId = (
      await tx.query<{ id: string }>(
        `INSERT INTO partner_organisations (authority_id, slug, kind, name, email, takes_referrals)
         VALUES ($1, $2, 'jobcenter', $3, $4, true) RETURNING id`,
        [authorityId, slug, name, email],
      )
    ).rows[0]!.id;
    const offerId = (
      await tx.query<{ id: string }>(
        `INSERT INTO partner_offers (authority_id, partner_id, key) VALUES ($1, $2, 'job-advice') RETURNING id`,
        [authorityId, partnerId],
      )
    ).rows[0]!.id;
    await tx.query(
      `INSERT INTO partner_offer_texts (authority_id, offer_id, locale, title) VALUES
         ($1, $2, 'de', 'Beratung zur Arbeitssuche'), ($1, $2, 'en', 'Job search advice'),
         ($1, $2, 'ru', 'Консультация по поиску работы')`,
      [authorityId, offerId],
    );
    return { partnerId, offerId };
  });
}

/** A consent as offsets in milliseconds from a base instant (end: withdrawn then, or null). */
export interface PlantedConsent {
  readonly givenAt: Date;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
}

/** A referral with a row in every referral table, and the given consents. Returns its id. */
export async function plantReferral(
  owner: pg.Pool,
  authorityId: string,
  partner: PlantedPartner,
  consents: readonly PlantedConsent[],
  /** The mail link's token (default: an unknown one). */
  token?: string,
): Promise<string> {
  return withTenant(owner, authorityId, async (tx) => {
    const id = (
      await tx.query<{ id: string }>(
        `INSERT INTO referrals (authority_id, partner_id, offer_id, message, categories)
         VALUES ($1, $2, $3, 'Bitte beraten', ARRAY['name', 'email']) RETURNING id`,
        [authorityId, partner.partnerId, partner.offerId],
      )
    ).rows[0]!.id;
    const values = [id, authorityId, partner.partnerId];
    await tx.query(
      `INSERT INTO referral_sources (referral_id, authority_id, partner_id, source_kind, source_id, person_email, person_locale, token_hash)
       VALUES ($1, $2, $3, 'case', gen_random_uuid(), 'person@example.org', 'ru', $4)`,
      [...values, token ? tokenHash(token) : randomBytes(32)],
    );
    await tx.query(
      `INSERT INTO referral_data (referral_id, authority_id, partner_id, fields)
       VALUES ($1, $2, $3, '{"name": "Olga Petrova", "email": "olga@example.org"}')`,
      values,
    );
    await tx.query(
      `INSERT INTO referral_answers (referral_id, authority_id, partner_id, kind) VALUES ($1, $2, $3, 'accepted')`,
      values,
    );
    await tx.query(
      `INSERT INTO referral_disclosures (referral_id, authority_id, partner_id, categories) VALUES ($1, $2, $3, ARRAY['name'])`,
      values,
    );
    for (const consent of consents) {
      const consentId = (
        await tx.query<{ id: string }>(
          `INSERT INTO referral_consents (authority_id, referral_id, partner_id, controller_name, recipient_name, purpose,
                                          categories, legal_basis, method, locale, given_at, expires_at)
           VALUES ($2, $1, $3, 'Ausländerbehörde', 'Jobcenter', 'Beratung', ARRAY['name', 'email'],
                   ARRAY['GDPR Art. 6(1)(a)'], 'mail_link', 'ru', $4, $5) RETURNING id`,
          [...values, consent.givenAt, consent.expiresAt],
        )
      ).rows[0]!.id;
      if (consent.endedAt) {
        await tx.query(
          `INSERT INTO referral_consent_ends (consent_id, authority_id, partner_id, ended_at, method)
           VALUES ($1, $2, $3, $4, 'mail_link')`,
          [consentId, authorityId, partner.partnerId, consent.endedAt],
        );
      }
    }
    return id;
  });
}

/** The referral tables, each with its referral column. */
export const REFERRAL_TABLES: readonly { table: string; referral: string }[] = [
  { table: 'referrals', referral: 'id' },
  { table: 'referral_sources', referral: 'referral_id' },
  { table: 'referral_data', referral: 'referral_id' },
  { table: 'referral_consents', referral: 'referral_id' },
  {
    table: 'referral_consent_ends',
    referral: '(SELECT c.referral_id FROM referral_consents c WHERE c.id = consent_id)',
  },
  { table: 'referral_answers', referral: 'referral_id' },
  { table: 'referral_disclosures', referral: 'referral_id' },
];
