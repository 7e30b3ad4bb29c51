import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { moduleBySlug, type ModuleRow, type VersionRow, versionOf } from './module-store.js';
import { toolkitActor } from './toolkit-access.js';

export interface ModuleView {
  readonly module: ModuleRow;
  readonly shown: VersionRow;
  /** The version the reader last marked read (null: never). */
  readonly readVersion: number | null;
}

export type ShowResult = { ok: true; view: ModuleView } | { ok: false; reason: 'notAllowed' | 'notFound' };

/** One module at its current version, or at an older one (the history's links). */
export async function showModule(
  { slug, version }: { slug: string; version?: number },
  ctx: Context,
): Promise<ShowResult> {
  const actor = toolkitActor(ctx, 'toolkit.read');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const module = await moduleBySlug(tx, slug);
    if (!module) return { ok: false, reason: 'notFound' };
    const shown = await versionOf(tx, module, version ?? module.currentVersion);
    if (!shown) return { ok: false, reason: 'notFound' };
    const { rows } = await tx.query<{ version: number }>(
      'SELECT version FROM toolkit_read_marks WHERE module_id = $1 AND user_id = $2',
      [module.id, actor.userId],
    );
    return { ok: true, view: { module, shown, readVersion: rows[0]?.version ?? null } };
  });
}
