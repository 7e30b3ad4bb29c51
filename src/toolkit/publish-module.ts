import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { moduleBySlug } from './module-store.js';
import { toolkitActor } from './toolkit-access.js';

/**
 * Offers a module to the installation's other authorities, or withdraws the offer. They see its
 * current version and take a copy into their own toolkit; nothing is written into another tenant.
 */
export async function publishModule(
  { slug, published }: { slug: string; published: boolean },
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: 'notAllowed' | 'notFound' }> {
  const actor = toolkitActor(ctx, 'toolkit.edit');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const module = await moduleBySlug(tx, slug, true);
    if (!module) return { ok: false as const, reason: 'notFound' as const };
    if (module.published === published) return { ok: true as const };
    await tx.query('UPDATE toolkit_modules SET published = $2 WHERE id = $1', [module.id, published]);
    await recordAudit(tx, ctx.authorityId, actor, {
      action: published ? 'toolkit.module_published' : 'toolkit.module_withdrawn',
      objectType: 'toolkit_module',
      objectId: module.id,
      details: { slug },
    });
    return { ok: true as const };
  });
}
