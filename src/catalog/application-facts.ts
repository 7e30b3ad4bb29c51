import type pg from 'pg';
import { tenantReader, type Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

export type QuestionKind = 'text' | 'longtext' | 'date' | 'select' | 'yesno';

/** A question of the application form, its texts in the requested language (else German) and in German (for staff). */
export interface ApplicationQuestion {
  readonly slug: string;
  readonly kind: QuestionKind;
  readonly required: boolean;
  /** For text and longtext answers (characters); null for the other kinds. */
  readonly maxLength: number | null;
  readonly label: string;
  readonly labelDe: string;
  readonly hint: string | null;
  readonly hintDe: string | null;
  /** A select question's answers, in order (empty for the other kinds). */
  readonly options: readonly { slug: string; label: string; labelDe: string }[];
}

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
  readonly questions: readonly ApplicationQuestion[];
}

interface FactsRow {
  id: string;
  slug: string;
  name: string;
  name_de: string;
  category: string;
  processing_days_max: number;
  documents: { slug: string; name: string; hint: string | null; required: boolean }[] | null;
  questions: ApplicationQuestion[] | null;
}

/** One service open for online application, by slug or id; null if there is none (tenant transaction). */
export async function applicationFacts(
  tx: Tx,
  locale: Locale,
  by: { slug: string } | { id: string },
): Promise<ApplicationFacts | null> {
  const { rows } = await tx.query<FactsRow>(factsQuery(locale, by));
  return rows[0] ? factsOf(rows[0]) : null;
}

/** The catalogue changes only when it is loaded again: pages reading it may show it this old. */
const CACHE_MS = 10_000;
const cached = new Map<string, { facts: Promise<ApplicationFacts | null>; until: number }>();

/**
 * The facts of a service by its id (from the database, never typed by a person, so the cache stays
 * as small as the catalogue), read in one round trip and kept for a few seconds: for the status
 * page, which needs the service's and documents' names on every request.
 */
export function applicationFactsById(
  pool: pg.Pool,
  authorityId: string,
  locale: Locale,
  serviceId: string,
): Promise<ApplicationFacts | null> {
  const key = `${authorityId}/${locale}/${serviceId}`;
  const now = Date.now();
  const hit = cached.get(key);
  if (hit && hit.until > now) return hit.facts;
  const facts = tenantReader(pool, authorityId)
    .query<FactsRow>(factsQuery(locale, { id: serviceId }))
    .then(({ rows }) => (rows[0] ? factsOf(rows[0]) : null));
  cached.set(key, { facts, until: now + CACHE_MS });
  facts.catch(() => cached.delete(key));
  return facts;
}

function factsQuery(locale: Locale, by: { slug: string } | { id: string }): pg.QueryConfig {
  return {
    name: 'service-application-facts',
    text: `SELECT s.id, s.slug, coalesce(t.name, d.name) AS name, d.name AS name_de, s.category, s.processing_days_max,
              (SELECT json_agg(json_build_object('slug', doc.slug, 'name', coalesce(dt.name, dd.name), 'hint', coalesce(dt.hint, dd.hint),
                                                 'required', doc.slug = ANY(s.application_documents)) ORDER BY sd.position)
                 FROM service_documents sd JOIN documents doc ON doc.id = sd.document_id
                 LEFT JOIN document_texts dt ON dt.document_id = sd.document_id AND dt.locale = $1
                 JOIN document_texts dd ON dd.document_id = sd.document_id AND dd.locale = 'de'
                WHERE sd.service_id = s.id) AS documents,
              (SELECT json_agg(json_build_object('slug', q.slug, 'kind', q.kind, 'required', q.required, 'maxLength', q.max_length,
                                                 'label', coalesce(qt.label, qd.label), 'labelDe', qd.label,
                                                 'hint', CASE WHEN qt.question_id IS NULL THEN qd.hint ELSE qt.hint END, 'hintDe', qd.hint,
                                                 'options', (SELECT coalesce(json_agg(json_build_object('slug', o.slug, 'label', coalesce(qt.option_labels[o.n], qd.option_labels[o.n]),
                                                                                                         'labelDe', qd.option_labels[o.n]) ORDER BY o.n), '[]')
                                                               FROM unnest(q.options) WITH ORDINALITY AS o (slug, n)))
                               ORDER BY q.position, q.slug)
                 FROM application_questions q
                 LEFT JOIN application_question_texts qt ON qt.question_id = q.id AND qt.locale = $1
                 JOIN application_question_texts qd ON qd.question_id = q.id AND qd.locale = 'de'
                WHERE q.service_id = s.id) AS questions
         FROM services s
         LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
         JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
        WHERE s.online_application AND (s.slug = $2 OR s.id::text = $3)`,
    values: [locale, 'slug' in by ? by.slug : null, 'id' in by ? by.id : null],
  };
}

function factsOf(row: FactsRow): ApplicationFacts {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    nameDe: row.name_de,
    residenceTitle: row.category === 'residence' || row.category === 'permanent',
    processingDaysMax: row.processing_days_max,
    documents: row.documents ?? [],
    questions: row.questions ?? [],
  };
}
