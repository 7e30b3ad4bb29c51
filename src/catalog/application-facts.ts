import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** What an online application needs to know of a service, with its texts in one language and in German. */
export interface ApplicationFacts {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly nameDe: string;
  /** An application for a residence title: applied for before the current one expires, §81(4) AufenthG applies. */
  readonly residenceTitle: boolean;
  readonly processingDaysMax: number;
  readonly documents: readonly { slug: string; name: string; hint: string | null; required: boolean }[];
}

/** One service open for online application, by slug or id; null if there is none (tenant transaction). */
export async function applicationFacts(tx: Tx, locale: Locale, by: { slug: string } | { id: string }): Promise<ApplicationFacts | null> {
  const { rows } = await tx.query<{
    id: string; slug: string; name: string; name_de: string; category: string; processing_days_max: number;
    documents: { slug: string; name: string; hint: string | null; required: boolean }[] | null;
  }>({
    name: 'service-application-facts',
    text: `SELECT s.id, s.slug, coalesce(t.name, d.name) AS name, d.name AS name_de, s.category, s.processing_days_max,
              (SELECT json_agg(json_build_object('slug', doc.slug, 'name', coalesce(dt.name, dd.name), 'hint', coalesce(dt.hint, dd.hint),
                                                 'required', doc.slug = ANY(s.application_documents)) ORDER BY sd.position)
                 FROM service_documents sd JOIN documents doc ON doc.id = sd.document_id
                 LEFT JOIN document_texts dt ON dt.document_id = sd.document_id AND dt.locale = $1
                 JOIN document_texts dd ON dd.document_id = sd.document_id AND dd.locale = 'de'
                WHERE sd.service_id = s.id) AS documents
         FROM services s
         LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
         JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
        WHERE s.online_application AND (s.slug = $2 OR s.id::text = $3)`,
    values: [locale, 'slug' in by ? by.slug : null, 'id' in by ? by.id : null],
  });
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id, slug: row.slug, name: row.name, nameDe: row.name_de, residenceTitle: row.category === 'residence' || row.category === 'permanent',
    processingDaysMax: row.processing_days_max, documents: row.documents ?? [],
  };
}
