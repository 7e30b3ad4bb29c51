import { recordAudit } from '../audit/record-audit.js';
import { staffWithRoles } from '../identity/staff-names.js';
import { rolesFor } from '../platform/access/policies.js';
import { withTenant } from '../platform/database/index.js';
import type { Context } from '../platform/context.js';
import { moduleBySlug, type ModuleRow } from './module-store.js';
import { toolkitActor } from './toolkit-access.js';

export interface ReadersReport {
  readonly module: ModuleRow;
  readonly title: string;
  /** Everyone the toolkit is for who has not marked the current version read (an older one counts as not). */
  readonly unread: readonly { readonly name: string; readonly readVersion: number | null }[];
  readonly readCount: number;
}

/**
 * Who has not read a binding module's current version, for the team lead: all staff who may read
 * the toolkit and are not deactivated. Staff data is read, so the view is recorded.
 */
export async function listUnread(
  { slug }: { slug: string },
  ctx: Context,
): Promise<{ ok: true; report: ReadersReport } | { ok: false; reason: 'notAllowed' | 'notFound' }> {
  const actor = toolkitActor(ctx, 'toolkit.edit');
  if (!actor) return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const module = await moduleBySlug(tx, slug);
    if (!module) return { ok: false as const, reason: 'notFound' as const };
    const staff = await staffWithRoles(tx, rolesFor('toolkit.read'));
    const { rows } = await tx.query<{ user_id: string; version: number }>(
      'SELECT user_id, version FROM toolkit_read_marks WHERE module_id = $1',
      [module.id],
    );
    const marks = new Map(rows.map((r) => [r.user_id, r.version]));
    const unread = staff
      .filter((member) => marks.get(member.id) !== module.currentVersion)
      .map((member) => ({ name: member.displayName, readVersion: marks.get(member.id) ?? null }));
    const title = (
      await tx.query<{ title: string }>(
        'SELECT title FROM toolkit_module_versions WHERE module_id = $1 AND version = $2',
        [module.id, module.currentVersion],
      )
    ).rows[0]!.title;
    await recordAudit(tx, ctx.authorityId, actor, {
      action: 'toolkit.readers_viewed',
      objectType: 'toolkit_module',
      objectId: module.id,
    });
    return { ok: true as const, report: { module, title, unread, readCount: staff.length - unread.length } };
  });
}
