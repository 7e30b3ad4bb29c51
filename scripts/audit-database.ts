/**
 * What the audit scripts need: the owner's connection (DATABASE_URL, or the embedded PostgreSQL in
 * DATA_DIR, running or not) and the audit keys (from SECRET_KEY or the generated installation key).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { type AuditKeys, auditKeysFrom } from '../src/audit/audit-keys.js';
import type { Config } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/index.js';
import { storedSecret } from '../src/platform/database/secrets.js';

export async function ownerPool(config: Config): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
    return { pool, close: () => pool.end() };
  }
  // The app may be running on the embedded server: connect to it; else start it for the check.
  const password = await storedSecret(config.dataDir, 'pg-owner-password');
  const url = `postgres://willkommen_owner:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/willkommen`;
  const probe = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await probe.query('SELECT 1');
    return { pool: probe, close: () => probe.end() };
  } catch {
    await probe.end();
    const db = await openDatabase(config, () => {});
    return { pool: db.owner, close: () => db.close() };
  }
}

/** The installation's audit keys; never generates a key (a new key would find every keyed entry forged). */
export async function installationAuditKeys(config: Config): Promise<AuditKeys> {
  if (config.secretKey) return auditKeysFrom(config.secretKey);
  const file = path.join(config.dataDir, 'secrets', 'installation-key');
  try {
    return auditKeysFrom((await readFile(file, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`no installation key: set SECRET_KEY, or DATA_DIR to the folder holding secrets/installation-key`);
  }
}
