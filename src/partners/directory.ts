import type { Reader } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import type { PartnerKind } from './partner-kinds.js';
import type { Timing } from './timing.js';

export interface PartnerOffer {
  readonly key: string;
  readonly title: string;
  readonly description: string;
}

/** A partner organisation as the public pages show it, its texts in one language (else German). */
export interface PartnerEntry {
  readonly id: string;
  readonly slug: string;
  readonly kind: PartnerKind;
  /** A proper name, German in every language ("Jobcenter Musterstadt"). */
  readonly name: string;
  readonly languages: readonly string[];
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  readonly phone: string;
  readonly email: string;
  readonly website: string;
  readonly takesReferrals: boolean;
  readonly summary: string;
  readonly hours: string;
  readonly offers: readonly PartnerOffer[];
}

export interface RelatedPartner extends PartnerEntry {
  readonly timing: Timing;
}

interface EntryRow {
  id: string;
  slug: string;
  kind: PartnerKind;
  name: string;
  languages: string[];
  street: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  website: string;
  takes_referrals: boolean;
  summary: string;
  hours: string;
  offers: PartnerOffer[] | null;
}

/** Columns of a PartnerEntry; `$1` is the locale, `p` the organisation. German stands in for a missing text. */
const ENTRY_COLUMNS = `p.id, p.slug, p.kind, p.name, p.languages, p.street, p.postal_code, p.city, p.phone, p.email, p.website,
  p.takes_referrals,
  coalesce(t.summary, d.summary) AS summary, coalesce(t.hours, d.hours, '') AS hours,
  (SELECT json_agg(json_build_object('key', o.key, 'title', coalesce(ot.title, od.title),
                                     'description', coalesce(ot.description, od.description, '')) ORDER BY o.position, o.key)
     FROM partner_offers o
     LEFT JOIN partner_offer_texts ot ON ot.offer_id = o.id AND ot.locale = $1
     JOIN partner_offer_texts od ON od.offer_id = o.id AND od.locale = 'de'
    WHERE o.partner_id = p.id) AS offers`;
const ENTRY_JOINS = `LEFT JOIN partner_organisation_texts t ON t.partner_id = p.id AND t.locale = $1
  JOIN partner_organisation_texts d ON d.partner_id = p.id AND d.locale = 'de'`;

function toEntry(row: EntryRow): PartnerEntry {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    name: row.name,
    languages: row.languages,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    phone: row.phone,
    email: row.email,
    website: row.website,
    takesReferrals: row.takes_referrals,
    summary: row.summary,
    hours: row.hours,
    offers: row.offers ?? [],
  };
}

/**
 * The active partner organisations, in one language, by kind and name; only those of the given
 * kinds when kinds are given. In the caller's tenant transaction.
 */
export async function activePartners(
  tx: Reader,
  locale: Locale,
  kinds?: readonly PartnerKind[],
): Promise<PartnerEntry[]> {
  const { rows } = await tx.query<EntryRow>({
    name: 'partners-active',
    text: `SELECT ${ENTRY_COLUMNS} FROM partner_organisations p ${ENTRY_JOINS}
            WHERE p.active AND ($2::text[] IS NULL OR p.kind = ANY($2::text[]))
            ORDER BY p.kind, p.name`,
    values: [locale, kinds ?? null],
  });
  return rows.map(toEntry);
}

/**
 * The active partners that help with each of the given services, with when they help (before,
 * alongside, after), in one query. In the caller's tenant transaction.
 */
export async function partnersForServices(
  tx: Reader,
  locale: Locale,
  serviceIds: readonly string[],
): Promise<Map<string, RelatedPartner[]>> {
  const related = new Map<string, RelatedPartner[]>(serviceIds.map((id) => [id, []]));
  if (serviceIds.length === 0) return related;
  const { rows } = await tx.query<EntryRow & { service_id: string; timing: Timing }>({
    name: 'partners-for-services',
    text: `SELECT ps.service_id, ps.timing, ${ENTRY_COLUMNS}
             FROM partner_services ps JOIN partner_organisations p ON p.id = ps.partner_id ${ENTRY_JOINS}
            WHERE p.active AND ps.service_id = ANY($2::uuid[])
            ORDER BY array_position(ARRAY['before', 'alongside', 'after'], ps.timing), p.name`,
    values: [locale, [...new Set(serviceIds)]],
  });
  for (const row of rows) related.get(row.service_id)?.push({ ...toEntry(row), timing: row.timing });
  return related;
}
