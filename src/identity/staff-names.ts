import type { Tx } from '../platform/database/index.js';

/**
 * The display names of members of staff, by id, for other capabilities' pages (who is assigned,
 * who wrote a note): one query for all ids, in the caller's tenant transaction. Ids of accounts
 * that no longer exist are missing from the map.
 */
export async function staffNames(tx: Tx, userIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; display_name: string }>(
    'SELECT id, display_name FROM staff_users WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * The members of staff who hold any of the roles (and are not deactivated), by name: who an
 * office-wide rule reaches, e.g. everyone a binding toolkit module is for. In the caller's tenant transaction.
 */
export async function staffWithRoles(
  tx: Tx,
  roles: readonly string[],
): Promise<{ readonly id: string; readonly displayName: string }[]> {
  const { rows } = await tx.query<{ id: string; display_name: string }>(
    `SELECT u.id, u.display_name FROM staff_users u
      WHERE u.status <> 'deactivated'
        AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.user_id = u.id AND r.role = ANY($1::text[]))
      ORDER BY u.display_name, u.id`,
    [roles],
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
