import type { Scope } from '../platform/access/policies.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Tx } from '../platform/database/index.js';

export interface TeamMember {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The members of the office's own staff (not partners, not deactivated) that a lead's scopes reach: someone
 * is in the team when one of their grants is at a location a scope reaches; a grant without a
 * location limit (the whole authority) only by a scope without one — the same rule as `can()`
 * with the member's locations as targets. `onlyId` narrows it to one member (a page by URL).
 */
export async function teamMembers(tx: Tx, scopes: readonly Scope[], onlyId?: string): Promise<TeamMember[]> {
  const params: unknown[] = [onlyId ?? null];
  const reached = scopeCondition(scopes, { location: 'loc' }, params);
  const { rows } = await tx.query<{ id: string; display_name: string }>(
    `SELECT u.id, u.display_name FROM staff_users u
      WHERE u.status <> 'deactivated' AND ($1::uuid IS NULL OR u.id = $1::uuid)
        AND EXISTS (SELECT 1 FROM staff_roles r, unnest(coalesce(r.location_ids, ARRAY[NULL::uuid])) AS loc
                     WHERE r.user_id = u.id AND r.role <> 'partner' AND ${reached})
      ORDER BY u.display_name, u.id`,
    params,
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

export interface SpokenLanguage {
  readonly userId: string;
  readonly language: string;
  readonly level: string;
  readonly interpreting: boolean;
}

/** The languages these members of staff speak (all of the authority's staff when no ids are given). */
export async function spokenLanguages(tx: Tx, userIds?: readonly string[]): Promise<SpokenLanguage[]> {
  const { rows } = await tx.query<{ user_id: string; language: string; level: string; interpreting: boolean }>(
    `SELECT l.user_id, l.language, l.level, l.interpreting FROM staff_languages l
       JOIN staff_users u ON u.id = l.user_id
      WHERE u.status <> 'deactivated' AND ($1::uuid[] IS NULL OR l.user_id = ANY($1::uuid[]))
      ORDER BY l.user_id, l.language`,
    [userIds ?? null],
  );
  return rows.map((r) => ({ userId: r.user_id, language: r.language, level: r.level, interpreting: r.interpreting }));
}
