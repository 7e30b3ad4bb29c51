import type { Role } from '../platform/access/roles.js';
import type { Tx } from '../platform/database/index.js';

/**
 * The e-mail addresses of the active members of staff who hold a role (with any limits), in the
 * caller's tenant transaction: for mails to, say, the data-protection officers.
 */
export async function activeStaffEmailsWithRole(tx: Tx, role: Role): Promise<string[]> {
  const { rows } = await tx.query<{ email: string }>(
    `SELECT DISTINCT u.email FROM staff_users u JOIN staff_roles r ON r.user_id = u.id
      WHERE u.status = 'active' AND r.role = $1 ORDER BY u.email`,
    [role],
  );
  return rows.map((r) => r.email);
}
