import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tx } from '../platform/database/index.js';
import { parseModuleText } from './module-file.js';
import { insertModule } from './module-store.js';

/** The seed's versions are the office's own texts, written before anyone had an account. */
const SEED_AUTHOR = { id: null, name: 'Ausländerbehörde (Werkzeugkoffer)' } as const;

/**
 * The toolkit modules of a seed folder (`toolkit/*.md`, the export's format). Each is written once:
 * afterwards the module belongs to the office, and its edits are not overwritten at the next start.
 * A file that does not read is an error naming the file.
 */
export async function seedToolkit(tx: Tx, folder: string, authorityId: string): Promise<number> {
  const dir = path.join(folder, 'toolkit');
  if (!existsSync(dir)) return 0;
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  for (const name of files) {
    const parsed = parseModuleText(await readFile(path.join(dir, name), 'utf8'));
    if (!parsed.ok) throw new Error(`Seed file ${path.join(dir, name)}: ${JSON.stringify(parsed.error)}`);
    await insertModule(tx, authorityId, parsed.file.content, parsed.file.binding, SEED_AUTHOR, 'Erstfassung');
  }
  return files.length;
}
