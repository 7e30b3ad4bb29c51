import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { sameContent } from './module-content.js';
import { type FileError, parseModuleBytes, parseModuleText } from './module-file.js';
import { appendVersion, insertModule, moduleBySlug, versionOf } from './module-store.js';
import { authorOf, toolkitActor } from './toolkit-access.js';

export type ImportResult =
  | { ok: true; slug: string; created: boolean }
  | { ok: false; reason: 'notAllowed' }
  /** `text`: what could be read of the file, shown again in the form so nothing is lost. */
  | { ok: false; reason: 'badFile'; error: FileError; text: string };

/**
 * Takes a module file from another office (an upload, or its text pasted): a new module, or the
 * next version of the module with the same slug when the text differs (the same file twice
 * changes nothing). A new module keeps the file's binding mark; an existing one keeps its own.
 */
export async function importModule(
  input: { bytes: Buffer | null } | { text: string },
  ctx: Context,
): Promise<ImportResult> {
  const actor = toolkitActor(ctx, 'toolkit.edit');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  const parsed = 'bytes' in input ? parseModuleBytes(input.bytes) : parseModuleText(input.text);
  if (!parsed.ok) return { ok: false, reason: 'badFile', error: parsed.error, text: parsed.text };
  const { content, binding } = parsed.file;
  return withTenant(ctx.pool, ctx.authorityId, async (tx): Promise<ImportResult> => {
    const author = await authorOf(tx, actor);
    const note = 'Import';
    const existing = await moduleBySlug(tx, content.slug, true);
    const module = existing ?? (await insertModule(tx, ctx.authorityId, content, binding, author, note));
    if (!module) throw new Error('a module created meanwhile under the same slug');
    if (existing) {
      const current = await versionOf(tx, existing, existing.currentVersion);
      if (current && sameContent(current.content, content)) return { ok: true, slug: content.slug, created: false };
      await appendVersion(tx, existing, content, author, note);
    }
    await recordAudit(tx, ctx.authorityId, actor, {
      action: 'toolkit.module_imported',
      objectType: 'toolkit_module',
      objectId: module.id,
      details: { slug: content.slug },
    });
    return { ok: true, slug: content.slug, created: !existing };
  });
}
