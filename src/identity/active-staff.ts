import type { Tx } from '../platform/database/index.js';

/**
 * The ids of the authority's own active staff: everyone with a role other than `partner` (partner
 * organisations' accounts are not the office's staff), in the caller's tenant transaction.
 */
export async function activeOwnStaffIds(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT DISTINCT u.id FROM staff_users u JOIN staff_roles r ON r.user_id = u.id
      WHERE u.status = 'active' AND r.role <> 'partner' ORDER BY u.id`,
  );
  return rows.map((r) => r.id);
}
