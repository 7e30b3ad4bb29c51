import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/**
 * The catalogue's documents by slug, named in one language and in German (for bilingual papers).
 * Slugs the authority does not have are left out. For other capabilities that list documents
 * to prepare (the pathway check) without reading the catalogue's tables.
 */
export async function documentNames(
  { locale, slugs }: { locale: Locale; slugs: readonly string[] },
  ctx: Context,
): Promise<Map<string, { name: string; de: string }>> {
  if (slugs.length === 0) return new Map();
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ slug: string; name: string; de: string }>(
      `SELECT doc.slug, coalesce(t.name, d.name) AS name, d.name AS de
         FROM documents doc
         LEFT JOIN document_texts t ON t.document_id = doc.id AND t.locale = $1
         JOIN document_texts d ON d.document_id = doc.id AND d.locale = 'de'
        WHERE doc.slug = ANY($2::text[])`,
      [locale, [...new Set(slugs)]],
    );
    return new Map(rows.map((r) => [r.slug, { name: r.name, de: r.de }]));
  });
}
