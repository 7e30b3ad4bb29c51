import { listLocations, type Location } from '../authorities/list-locations.js';
import { partnersForServices, type RelatedPartner } from '../partners/directory.js';
import type { Context } from '../platform/context.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import {
  SUMMARY_COLUMNS,
  TEXT_JOINS,
  toSummary,
  type RequiredDocument,
  type ServiceDetail,
  type SummaryRow,
} from './service.js';

interface DetailRow extends SummaryRow {
  audience: string;
  fee_note: string | null;
  legal_basis: string;
  leika_key: string | null;
  documents: RequiredDocument[] | null;
  location_ids: string[] | null;
}

async function selectService(tx: Tx, locale: Locale, slug: string): Promise<ServiceDetail | null> {
  const { rows } = await tx.query<DetailRow>({
    name: 'find-service',
    text: `SELECT ${SUMMARY_COLUMNS}, coalesce(t.audience, d.audience) AS audience,
            CASE WHEN t.service_id IS NULL THEN d.fee_note ELSE t.fee_note END AS fee_note,
            s.legal_basis, s.leika_key,
            (SELECT json_agg(json_build_object('slug', doc.slug, 'name', coalesce(dt.name, dd.name), 'hint', coalesce(dt.hint, dd.hint))
                             ORDER BY sd.position)
               FROM service_documents sd JOIN documents doc ON doc.id = sd.document_id
               LEFT JOIN document_texts dt ON dt.document_id = doc.id AND dt.locale = $1
               JOIN document_texts dd ON dd.document_id = doc.id AND dd.locale = 'de'
              WHERE sd.service_id = s.id) AS documents,
            (SELECT array_agg(sl.location_id) FROM service_locations sl WHERE sl.service_id = s.id) AS location_ids
       FROM services s ${TEXT_JOINS}
      WHERE s.slug = $2`,
    values: [locale, slug],
  });
  const row = rows[0];
  if (!row) return null;
  return {
    ...toSummary(row),
    audience: row.audience,
    feeNote: row.fee_note,
    legalBasis: row.legal_basis,
    leikaKey: row.leika_key,
    documents: row.documents ?? [],
    locationIds: row.location_ids ?? [],
  };
}

export interface FoundService {
  readonly service: ServiceDetail;
  readonly locations: readonly Location[];
  /** The partner organisations that help with it (the office as guide), before, alongside or after. */
  readonly partners: readonly RelatedPartner[];
}

/** One service with its documents, the locations that offer it and the partners that help with it; null when the authority has none by that slug. */
export async function findService(
  { locale, slug }: { locale: Locale; slug: string },
  ctx: Context,
): Promise<FoundService | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const service = await selectService(tx, locale, slug);
    if (!service) return null;
    const locations = await listLocations(tx, locale, service.locationIds);
    const partners = (await partnersForServices(tx, locale, [service.id])).get(service.id) ?? [];
    return { service, locations, partners };
  });
}
