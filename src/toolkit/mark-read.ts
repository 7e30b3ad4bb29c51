import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { moduleBySlug } from './module-store.js';
import { toolkitActor } from './toolkit-access.js';

export type MarkReadResult =
  | { ok: true }
  | { ok: false; reason: 'notAllowed' | 'notFound' }
  /** A newer version appeared while the person read: they confirm what they saw, not what they did not. */
  | { ok: false; reason: 'newerVersion' };

/** The reader confirms having read the version they were shown (marking again changes nothing). */
export async function markRead(
  { slug, version }: { slug: string; version: number },
  ctx: Context,
): Promise<MarkReadResult> {
  const actor = toolkitActor(ctx, 'toolkit.read');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx): Promise<MarkReadResult> => {
    const module = await moduleBySlug(tx, slug);
    if (!module) return { ok: false, reason: 'notFound' };
    if (version !== module.currentVersion) return { ok: false, reason: 'newerVersion' };
    await tx.query(
      `INSERT INTO toolkit_read_marks (module_id, user_id, authority_id, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (module_id, user_id) DO UPDATE SET version = excluded.version, read_at = now()
       WHERE toolkit_read_marks.version <> excluded.version`,
      [module.id, actor.userId, ctx.authorityId, version],
    );
    return { ok: true };
  });
}
