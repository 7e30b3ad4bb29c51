import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { type ContentDraft, type ContentError, checkContent, sameContent } from './module-content.js';
import { appendVersion, insertModule, moduleBySlug, versionOf } from './module-store.js';
import { authorOf, toolkitActor } from './toolkit-access.js';

export const MAX_NOTE = 500;

export type SaveResult =
  | { ok: true; slug: string; version: number }
  | { ok: false; reason: 'notAllowed' | 'notFound' }
  | { ok: false; reason: 'invalid'; errors: readonly ContentError[] }
  /** The slug of a new module is taken by another module. */
  | { ok: false; reason: 'slugTaken' }
  /** Someone saved a version since the form was opened; the text typed is shown again to merge. */
  | { ok: false; reason: 'changedMeanwhile'; currentVersion: number };

/**
 * Saves a module: a new one (`slug` null) or the next version of one, opened at `baseVersion`.
 * The same text sent twice (a reload, a double click) makes no second module or version: an
 * unchanged text is no new version, and a new module whose slug exists with the same text is it.
 */
export async function saveModule(
  {
    slug,
    baseVersion,
    draft,
    note,
  }: { slug: string | null; baseVersion: number | null; draft: ContentDraft; note: string },
  ctx: Context,
): Promise<SaveResult> {
  const actor = toolkitActor(ctx, 'toolkit.edit');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  const checked = checkContent(slug === null ? draft : { ...draft, slug });
  if (!checked.ok) return { ok: false, reason: 'invalid', errors: checked.errors };
  const content = checked.content;
  const cleanNote = note.trim().slice(0, MAX_NOTE);
  return withTenant(ctx.pool, ctx.authorityId, async (tx): Promise<SaveResult> => {
    const author = await authorOf(tx, actor);
    const module = await moduleBySlug(tx, content.slug, true);
    if (!module && slug !== null) return { ok: false, reason: 'notFound' };
    if (!module) {
      const created = await insertModule(tx, ctx.authorityId, content, false, author, cleanNote);
      if (!created) return { ok: false, reason: 'slugTaken' };
      await recordAudit(tx, ctx.authorityId, actor, {
        action: 'toolkit.module_created',
        objectType: 'toolkit_module',
        objectId: created.id,
        details: { slug: content.slug },
      });
      return { ok: true, slug: content.slug, version: 1 };
    }
    const current = await versionOf(tx, module, module.currentVersion);
    if (current && sameContent(current.content, content)) {
      return { ok: true, slug: module.slug, version: module.currentVersion };
    }
    if (slug === null) return { ok: false, reason: 'slugTaken' };
    if (baseVersion !== module.currentVersion) {
      return { ok: false, reason: 'changedMeanwhile', currentVersion: module.currentVersion };
    }
    const version = await appendVersion(tx, module, content, author, cleanNote);
    await recordAudit(tx, ctx.authorityId, actor, {
      action: 'toolkit.module_changed',
      objectType: 'toolkit_module',
      objectId: module.id,
      details: { slug: module.slug, version },
    });
    return { ok: true, slug: module.slug, version };
  });
}
