import { Type } from '@sinclair/typebox';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Tx } from '../platform/database/index.js';
import { readSeedFile } from '../platform/seed-files.js';
import { ROLES } from '../platform/access/roles.js';
import { replaceRoles } from './staff-store.js';

const StaffSeeds = Type.Array(
  Type.Object(
    {
      email: Type.String({ pattern: '^[^\\sA-Z@]+@[^\\sA-Z@]+$' }),
      displayName: Type.String({ minLength: 1, maxLength: 200 }),
      roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1 }),
      languages: Type.Array(
        Type.Object(
          { language: Type.String({ pattern: '^[a-z]{2,3}$' }), level: Type.String() },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
);

/**
 * Staff of a seed folder (`staff.json`), as invited accounts without any credential: they sign in
 * only after an admin sends them an invitation. The demo needs them for counters and languages.
 */
export async function seedStaff(tx: Tx, folder: string, authorityId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const file = path.join(folder, 'staff.json');
  if (!existsSync(file)) return ids;
  for (const member of await readSeedFile(file, StaffSeeds)) {
    const { rows } = await tx.query<{ id: string; inserted: boolean }>(
      `INSERT INTO staff_users (authority_id, email, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (authority_id, email) DO UPDATE SET display_name = excluded.display_name
       RETURNING id, (xmax = 0) AS inserted`,
      [authorityId, member.email, member.displayName],
    );
    const { id, inserted } = rows[0]!;
    ids.set(member.email, id);
    // Roles and languages are seeded once; afterwards they belong to the admin and the person.
    if (!inserted) continue;
    await replaceRoles(
      tx,
      authorityId,
      id,
      member.roles.map((role) => ({ role, locationIds: null, serviceIds: null })),
    );
    for (const l of member.languages) {
      await tx.query('INSERT INTO staff_languages (user_id, authority_id, language, level) VALUES ($1, $2, $3, $4)', [
        id,
        authorityId,
        l.language,
        l.level,
      ]);
    }
  }
  return ids;
}
