import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import { mayManageDirectory } from './directory-access.js';
import type { FormValues } from './partner-form.js';

export interface PartnerForEditing {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly active: boolean;
  /** The organisation as the form's fields, so that the edit form and a refused save look the same. */
  readonly values: FormValues;
  /** How many offers it has (the form shows that many rows and some empty ones). */
  readonly offers: number;
}

/** One organisation with all its texts, offers and services, for the edit form; null when there is none to edit. */
export async function findPartner({ id }: { id: string }, ctx: Context): Promise<PartnerForEditing | null> {
  if (!mayManageDirectory(ctx) || !isUuid(id)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      slug: string;
      kind: string;
      name: string;
      languages: string[];
      street: string;
      postal_code: string;
      city: string;
      phone: string;
      email: string;
      website: string;
      takes_referrals: boolean;
      active: boolean;
      texts: { locale: string; summary: string; hours: string }[] | null;
      offers: { key: string; titles: Record<string, string> }[] | null;
      services: { service_id: string; timing: string }[] | null;
    }>(
      `SELECT p.*,
              (SELECT json_agg(json_build_object('locale', t.locale, 'summary', t.summary, 'hours', t.hours))
                 FROM partner_organisation_texts t WHERE t.partner_id = p.id) AS texts,
              (SELECT json_agg(json_build_object('key', o.key,
                        'titles', (SELECT json_object_agg(ot.locale, ot.title) FROM partner_offer_texts ot WHERE ot.offer_id = o.id))
                      ORDER BY o.position, o.key)
                 FROM partner_offers o WHERE o.partner_id = p.id) AS offers,
              (SELECT json_agg(json_build_object('service_id', s.service_id, 'timing', s.timing))
                 FROM partner_services s WHERE s.partner_id = p.id) AS services
         FROM partner_organisations p WHERE p.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const values: Record<string, string> = {
      slug: row.slug,
      kind: row.kind,
      name: row.name,
      languages: row.languages.join(', '),
      street: row.street,
      postalCode: row.postal_code,
      city: row.city,
      phone: row.phone,
      email: row.email,
      website: row.website,
      takesReferrals: row.takes_referrals ? 'yes' : '',
    };
    for (const text of row.texts ?? []) {
      values[`summary.${text.locale}`] = text.summary;
      values[`hours.${text.locale}`] = text.hours;
    }
    for (const [i, offer] of (row.offers ?? []).entries()) {
      values[`offer.${i}.key`] = offer.key;
      for (const [locale, title] of Object.entries(offer.titles ?? {})) values[`offer.${i}.title.${locale}`] = title;
    }
    for (const link of row.services ?? []) values[`service.${link.service_id}`] = link.timing;
    return { id: row.id, slug: row.slug, name: row.name, active: row.active, values, offers: row.offers?.length ?? 0 };
  });
}
