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
