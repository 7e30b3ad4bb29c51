import type pg from 'pg';
import { storedSecret } from './secrets.js';

/** The role the application connects as: not the owner of any table, no BYPASSRLS (see migrations). */
export const APP_ROLE = 'willkommen_app';

/**
 * Gives the application role a login with a password kept in the data folder, and returns the
 * connection URL for it on the same server and database as the owner URL.
 */
export async function appRoleUrl(owner: pg.Pool, ownerUrl: string, dataDir: string): Promise<string> {
  const password = await storedSecret(dataDir, 'pg-app-password');
  const client = await owner.connect();
  try {
    const literal = client.escapeLiteral(password);
    // The role is the cluster's, not the database's: two installations starting at once on one
    // server (tests, several databases) can collide on it ("tuple concurrently updated"); try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ${literal}`);
        break;
      } catch (error) {
        if (attempt >= 5 || !/concurrently updated/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  } finally {
    client.release();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}
