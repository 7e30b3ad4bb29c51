import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { moduleBySlug, type ModuleRow } from './module-store.js';
import { toolkitActor } from './toolkit-access.js';

export interface HistoryEntry {
  readonly version: number;
  readonly title: string;
  readonly authorName: string;
  readonly note: string;
  readonly createdAt: Date;
}

/** Every version of a module, newest first, with author and date. */
export async function listVersions(
  { slug }: { slug: string },
  ctx: Context,
): Promise<
  { ok: true; module: ModuleRow; versions: HistoryEntry[] } | { ok: false; reason: 'notAllowed' | 'notFound' }
> {
  if (!toolkitActor(ctx, 'toolkit.read')) return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const module = await moduleBySlug(tx, slug);
    if (!module) return { ok: false, reason: 'notFound' };
    const { rows } = await tx.query<{
      version: number;
      title: string;
      author_name: string;
      note: string;
      created_at: Date;
    }>(
      `SELECT version, title, author_name, note, created_at FROM toolkit_module_versions
        WHERE module_id = $1 ORDER BY version DESC`,
      [module.id],
    );
    return {
      ok: true,
      module,
      versions: rows.map((r) => ({
        version: r.version,
        title: r.title,
        authorName: r.author_name,
        note: r.note,
        createdAt: r.created_at,
      })),
    };
  });
}
