import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { isUuid } from '../platform/ids.js';

/**
 * What referrals (src/referrals/) and staff accounts (identity) need of the partner directory: small
 * reads in the caller's transaction, texts in the reader's language with the German fallback.
 */

export interface PartnerOption {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

export interface PartnerOffer {
  readonly id: string;
  readonly title: string;
}

export interface ReferralTarget extends PartnerOption {
  readonly email: string;
  readonly offers: readonly PartnerOffer[];
}

/** The active organisations (all, or only those taking referrals), by name. */
export async function partnerOrganisations(tx: Tx, { takingReferrals = false } = {}): Promise<PartnerOption[]> {
  const { rows } = await tx.query<PartnerOption>(
    `SELECT id, name, kind FROM partner_organisations
      WHERE active ${takingReferrals ? 'AND takes_referrals' : ''} ORDER BY name, id`,
  );
  return rows;
}

/** One organisation taking referrals, with its offers in `locale`; null for no such organisation. */
export async function referralTarget(tx: Tx, partnerId: string, locale: Locale): Promise<ReferralTarget | null> {
  if (!isUuid(partnerId)) return null;
  const { rows } = await tx.query<Omit<ReferralTarget, 'offers'>>(
    'SELECT id, name, kind, email FROM partner_organisations WHERE id = $1 AND active AND takes_referrals',
    [partnerId],
  );
  if (!rows[0]) return null;
  const offers = await tx.query<PartnerOffer>(
    `SELECT o.id, coalesce(t.title, d.title, o.key) AS title
       FROM partner_offers o
       LEFT JOIN partner_offer_texts t ON t.offer_id = o.id AND t.locale = $2
       LEFT JOIN partner_offer_texts d ON d.offer_id = o.id AND d.locale = 'de'
      WHERE o.partner_id = $1 ORDER BY o.position, o.key`,
    [partnerId, locale],
  );
  return { ...rows[0], offers: offers.rows };
}

/** The title of one offer in `locale` (German fallback), or null. */
export async function offerTitle(tx: Tx, offerId: string, locale: Locale): Promise<string | null> {
  const { rows } = await tx.query<{ title: string }>(
    `SELECT coalesce(t.title, d.title, o.key) AS title FROM partner_offers o
       LEFT JOIN partner_offer_texts t ON t.offer_id = o.id AND t.locale = $2
       LEFT JOIN partner_offer_texts d ON d.offer_id = o.id AND d.locale = 'de'
      WHERE o.id = $1`,
    [offerId, locale],
  );
  return rows[0]?.title ?? null;
}

/** The organisation's name and contact address (for the mails of referrals), or null. */
export async function partnerContact(tx: Tx, partnerId: string): Promise<{ name: string; email: string } | null> {
  const { rows } = await tx.query<{ name: string; email: string }>(
    'SELECT name, email FROM partner_organisations WHERE id = $1',
    [partnerId],
  );
  return rows[0] ?? null;
}

/** The titles of several offers in `locale` (German fallback), by id: one query for a list. */
export async function offerTitles(tx: Tx, offerIds: readonly string[], locale: Locale): Promise<Map<string, string>> {
  const ids = [...new Set(offerIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; title: string }>(
    `SELECT o.id, coalesce(t.title, d.title, o.key) AS title FROM partner_offers o
       LEFT JOIN partner_offer_texts t ON t.offer_id = o.id AND t.locale = $2
       LEFT JOIN partner_offer_texts d ON d.offer_id = o.id AND d.locale = 'de'
      WHERE o.id = ANY($1::uuid[])`,
    [ids, locale],
  );
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** The names of partner organisations by id. */
export async function partnerNames(tx: Tx, partnerIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(partnerIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: string }>(
    'SELECT id, name FROM partner_organisations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
