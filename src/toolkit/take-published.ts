import type { Context } from '../platform/context.js';
import { type ImportResult, importModule } from './import-module.js';
import { listPublished } from './list-published.js';
import { serializeModule } from './module-file.js';

/**
 * Takes a copy of a module another authority published into the own toolkit, exactly as an
 * imported file would be (a new module, or the next version of the one with that slug).
 */
export async function takePublished(
  { authorityId, slug }: { authorityId: string; slug: string },
  ctx: Context,
): Promise<ImportResult | { ok: false; reason: 'notFound' }> {
  const offered = await listPublished(ctx);
  if (!offered) return { ok: false, reason: 'notAllowed' };
  const module = offered.find((m) => m.authorityId === authorityId && m.content.slug === slug);
  if (!module) return { ok: false, reason: 'notFound' };
  return importModule({ text: serializeModule({ content: module.content, binding: false }) }, ctx);
}
