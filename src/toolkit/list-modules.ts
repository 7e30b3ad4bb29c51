import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import type { Area } from './module-content.js';
import { toolkitActor } from './toolkit-access.js';

export interface ModuleSummary {
  readonly slug: string;
  readonly title: string;
  readonly area: Area;
  readonly binding: boolean;
  /** Whether the reader has marked the current version read (binding modules). */
  readonly readCurrent: boolean;
}

export const MAX_QUERY = 200;

/**
 * The modules of the office, by area and title; with a query, those whose current version matches it
 * in German (stemmed: "Anhörung" finds "Anhörungen"), best match first. Null: not allowed.
 */
export async function listModules(
  { query }: { query: string },
  ctx: Context,
): Promise<{ modules: ModuleSummary[] } | null> {
  const actor = toolkitActor(ctx, 'toolkit.read');
  if (!actor) return null;
  const search = query.trim().slice(0, MAX_QUERY);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ slug: string; title: string; area: Area; binding: boolean; read: boolean }>(
      `SELECT m.slug, v.title, m.area, m.binding,
              EXISTS (SELECT 1 FROM toolkit_read_marks r
                       WHERE r.module_id = m.id AND r.user_id = $1 AND r.version = m.current_version) AS read
         FROM toolkit_modules m
         JOIN toolkit_module_versions v ON v.module_id = m.id AND v.version = m.current_version
        ${search ? ", websearch_to_tsquery('german', $2) AS q WHERE v.search @@ q" : ''}
        ORDER BY ${search ? 'ts_rank(v.search, q) DESC,' : ''} m.area, v.title`,
      search ? [actor.userId, search] : [actor.userId],
    );
    return {
      modules: rows.map((r) => ({
        slug: r.slug,
        title: r.title,
        area: r.area,
        binding: r.binding,
        readCurrent: r.read,
      })),
    };
  });
}
