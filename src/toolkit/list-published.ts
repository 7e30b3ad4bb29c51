import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { type Area, isArea, type ModuleContent } from './module-content.js';
import { toolkitActor } from './toolkit-access.js';

export interface PublishedModule {
  readonly authorityId: string;
  readonly authorityName: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly content: ModuleContent;
}

interface Row {
  authority_id: string;
  authority_name: string;
  slug: string;
  area: string;
  version: number;
  title: string;
  goal: string;
  steps: string;
  materials: string;
  experience: string;
  features: string[];
  created_at: Date;
}

function published(row: Row): PublishedModule | null {
  if (!isArea(row.area)) return null;
  const area: Area = row.area;
  const { slug, title, goal, steps, materials, experience, features } = row;
  return {
    authorityId: row.authority_id,
    authorityName: row.authority_name,
    version: row.version,
    createdAt: row.created_at,
    content: { slug, area, title, goal, steps, materials, experience, features },
  };
}

/**
 * The modules the installation's other authorities have published (their current versions), through
 * the one owner function that may read them. Null: not allowed (taking a copy is an edit).
 */
export async function listPublished(ctx: Context): Promise<PublishedModule[] | null> {
  if (!toolkitActor(ctx, 'toolkit.edit')) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<Row>('SELECT * FROM toolkit_published_modules($1)', [ctx.authorityId]);
    return rows.map(published).filter((m): m is PublishedModule => m !== null);
  });
}
