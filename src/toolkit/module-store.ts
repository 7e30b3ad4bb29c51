/** The toolkit's tables, read and written inside a use case's tenant transaction. */
import type { Tx } from '../platform/database/index.js';
import type { Area, ModuleContent } from './module-content.js';

export interface ModuleRow {
  readonly id: string;
  readonly authorityId: string;
  readonly slug: string;
  readonly area: Area;
  readonly binding: boolean;
  /** Offered to the installation's other authorities. */
  readonly published: boolean;
  readonly currentVersion: number;
}

export interface VersionRow {
  readonly version: number;
  readonly content: ModuleContent;
  readonly authorName: string;
  readonly note: string;
  readonly createdAt: Date;
}

export interface Author {
  readonly id: string | null;
  readonly name: string;
}

interface RawModule {
  id: string;
  authority_id: string;
  slug: string;
  area: Area;
  binding: boolean;
  published: boolean;
  current_version: number;
}

/** The module with its slug, locked for an update when asked (a new version, the binding flag). */
export async function moduleBySlug(tx: Tx, slug: string, forUpdate = false): Promise<ModuleRow | null> {
  const { rows } = await tx.query<RawModule>(
    `SELECT id, authority_id, slug, area, binding, published, current_version FROM toolkit_modules WHERE slug = $1
     ${forUpdate ? 'FOR UPDATE' : ''}`,
    [slug],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        authorityId: row.authority_id,
        slug: row.slug,
        area: row.area,
        binding: row.binding,
        published: row.published,
        currentVersion: row.current_version,
      }
    : null;
}

export async function versionOf(tx: Tx, module: ModuleRow, version: number): Promise<VersionRow | null> {
  const { rows } = await tx.query<{
    version: number;
    title: string;
    goal: string;
    steps: string;
    materials: string;
    experience: string;
    features: string[];
    author_name: string;
    note: string;
    created_at: Date;
  }>(
    `SELECT version, title, goal, steps, materials, experience, features, author_name, note, created_at
       FROM toolkit_module_versions WHERE module_id = $1 AND version = $2`,
    [module.id, version],
  );
  const row = rows[0];
  if (!row) return null;
  const { title, goal, steps, materials, experience, features } = row;
  return {
    version: row.version,
    content: { slug: module.slug, area: module.area, title, goal, steps, materials, experience, features },
    authorName: row.author_name,
    note: row.note,
    createdAt: row.created_at,
  };
}

export async function insertVersion(
  tx: Tx,
  module: { id: string; authorityId: string },
  version: number,
  content: ModuleContent,
  author: Author,
  note: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO toolkit_module_versions (module_id, authority_id, version, title, goal, steps, materials, experience,
       features, author_id, author_name, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      module.id,
      module.authorityId,
      version,
      content.title,
      content.goal,
      content.steps,
      content.materials,
      content.experience,
      content.features,
      author.id,
      author.name,
      note,
    ],
  );
}

/** A new module with its first version; null when the slug is taken (by a concurrent save, too). */
export async function insertModule(
  tx: Tx,
  authorityId: string,
  content: ModuleContent,
  binding: boolean,
  author: Author,
  note: string,
): Promise<ModuleRow | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO toolkit_modules (authority_id, slug, area, binding) VALUES ($1, $2, $3, $4)
     ON CONFLICT (authority_id, slug) DO NOTHING RETURNING id`,
    [authorityId, content.slug, content.area, binding],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  await insertVersion(tx, { id, authorityId }, 1, content, author, note);
  return { id, authorityId, slug: content.slug, area: content.area, binding, published: false, currentVersion: 1 };
}

/** Makes the content the module's next version (the caller holds the module's row lock). */
export async function appendVersion(
  tx: Tx,
  module: ModuleRow,
  content: ModuleContent,
  author: Author,
  note: string,
): Promise<number> {
  const version = module.currentVersion + 1;
  await insertVersion(tx, module, version, content, author, note);
  await tx.query('UPDATE toolkit_modules SET current_version = $2, area = $3 WHERE id = $1', [
    module.id,
    version,
    content.area,
  ]);
  return version;
}
