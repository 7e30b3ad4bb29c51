import type { Context } from '../platform/context.js';
import { serializeModule } from './module-file.js';
import { showModule } from './show-module.js';

/** One module's current version as a Markdown file with front matter, for another office. */
export async function exportModule(
  { slug }: { slug: string },
  ctx: Context,
): Promise<{ ok: true; fileName: string; text: string } | { ok: false; reason: 'notAllowed' | 'notFound' }> {
  const shown = await showModule({ slug }, ctx);
  if (!shown.ok) return shown;
  const { module, shown: version } = shown.view;
  return {
    ok: true,
    fileName: `${module.slug}.md`,
    text: serializeModule({ content: version.content, binding: module.binding }),
  };
}
