import assert from 'node:assert/strict';
import { hashPassword } from '../../src/identity/passwords.js';
import { currentTotp, newTotpSecret } from '../../src/identity/totp.js';
import { sealer } from '../../src/platform/crypto.js';
import { storedSecret } from '../../src/platform/database/secrets.js';
import type { TestApp } from './app.js';
import { Client } from './client.js';

const PASSWORD = 'Ein langer sicherer Satz zum Testen';

/** An active member of staff of the demo authority with one role, signed in with both factors. */
export async function signedInStaff(
  app: TestApp,
  email: string,
  role: string,
  languages: readonly string[] = [],
): Promise<{ client: Client; id: string }> {
  const key = await storedSecret(app.config.dataDir, 'installation-key', 32, 'base64');
  const secret = newTotpSecret();
  const authority = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  const id = (
    await app.db.owner.query<{ id: string }>(
      `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash, totp_secret_sealed, totp_confirmed_at)
     VALUES ($1, $2, 'Test', 'active', $3, $4, now()) RETURNING id`,
      [authority, email, await hashPassword(PASSWORD), sealer(key).seal(secret)],
    )
  ).rows[0]!.id;
  await app.db.owner.query('INSERT INTO staff_roles (user_id, authority_id, role) VALUES ($1, $2, $3)', [
    id,
    authority,
    role,
  ]);
  for (const language of languages) {
    await app.db.owner.query(
      "INSERT INTO staff_languages (user_id, authority_id, language, level) VALUES ($1, $2, $3, 'C1')",
      [id, authority, language],
    );
  }
  const client = new Client(app.base);
  const first = await client.submit('/staff/login', '/staff/login', { email, password: PASSWORD });
  const second = await client.submit(first.location!, first.location!, { code: await currentTotp(secret) });
  assert.equal(second.location, '/staff');
  return { client, id };
}
