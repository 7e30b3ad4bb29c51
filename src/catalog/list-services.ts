import type { Context } from '../platform/context.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { searchTerms } from './search-text.js';
import { SUMMARY_COLUMNS, TEXT_JOINS, toSummary, type ServiceSummary, type SummaryRow } from './service.js';

export interface ListServicesOptions {
  readonly locale: Locale;
  /** Words to find, in any of the seven languages; every word must occur. */
  readonly query?: string;
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The authority's services in catalogue order, or those matching the query (ranked: words found in
 * the reader's own language first).
 */
export async function listServices({ locale, query }: ListServicesOptions, ctx: Context): Promise<ServiceSummary[]> {
  const terms = query ? searchTerms(query) : [];
  const params: unknown[] = [locale];
  const conditions = terms.map((term) => {
    params.push(likePattern(term));
    return `EXISTS (SELECT 1 FROM service_texts x WHERE x.service_id = s.id AND x.search_text LIKE $${params.length})`;
  });
  const own = terms.map((_, i) => `(coalesce(t.search_text, '') LIKE $${i + 2})::int`).join(' + ');
  const { rows } = await withTenant(ctx.pool, ctx.authorityId, (tx) =>
    tx.query<SummaryRow>({
      // One prepared statement per number of search words (0–8): planned once per connection.
      name: `list-services-${terms.length}`,
      text: `SELECT ${SUMMARY_COLUMNS} FROM services s ${TEXT_JOINS}
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${own ? `${own} DESC, ` : ''}s.position, s.slug`,
      values: params,
    }),
  );
  return rows.map(toSummary);
}

/** Of the given ids, those that are services of the transaction's authority (for other capabilities' checks). */
export async function existingServiceIds(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (valid.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM services WHERE id = ANY($1::uuid[]) ORDER BY position',
    [valid],
  );
  return rows.map((r) => r.id);
}
