import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { moduleBySlug } from './module-store.js';
import { toolkitActor } from './toolkit-access.js';

/** Marks a module binding for all staff, or not (setting what is already set changes nothing). */
export async function setBinding(
  { slug, binding }: { slug: string; binding: boolean },
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: 'notAllowed' | 'notFound' }> {
  const actor = toolkitActor(ctx, 'toolkit.edit');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const module = await moduleBySlug(tx, slug, true);
    if (!module) return { ok: false as const, reason: 'notFound' as const };
    if (module.binding === binding) return { ok: true as const };
    await tx.query('UPDATE toolkit_modules SET binding = $2 WHERE id = $1', [module.id, binding]);
    await recordAudit(tx, ctx.authorityId, actor, {
      action: binding ? 'toolkit.binding_set' : 'toolkit.binding_lifted',
      objectType: 'toolkit_module',
      objectId: module.id,
      details: { slug },
    });
    return { ok: true as const };
  });
}
