import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');
/** Any constant: serialises migrations when several app instances start at once. */
const MIGRATION_LOCK = 72_4211;
/**
 * Files renamed after databases had recorded them (the numbers skipped 007). Their rows take the
 * new name before anything runs, or an existing database would run them a second time.
 */
const RENAMED: Readonly<Record<string, string>> = {
  '008_fiktionsbescheinigungen.sql': '007_fiktionsbescheinigungen.sql',
  '009_renewals.sql': '008_renewals.sql',
  '010_application_questions.sql': '009_application_questions.sql',
  '011_status_sign_in.sql': '010_status_sign_in.sql',
  '012_retention.sql': '011_retention.sql',
};
/**
 * Defines enable_tenant_isolation() for databases whose 001 came before it. The files such a database
 * has still to run (002 on) call it, so there this one runs first.
 */
const TENANT_ISOLATION_FUNCTION = '012_tenant_isolation_function.sql';

/** Applies the SQL files in `migrations/` that have not run yet, in name order (see TENANT_ISOLATION_FUNCTION for the one exception), each in its own transaction. */
export async function migrate(owner: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const client = await owner.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    // One statement, so atomic; no new name is an old one, so no row collides on the way.
    await client.query(
      `UPDATE schema_migrations SET name = renamed.new_name
         FROM unnest($1::text[], $2::text[]) AS renamed (old_name, new_name) WHERE name = renamed.old_name`,
      [Object.keys(RENAMED), Object.values(RENAMED)],
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    const pending = files.filter((f) => !done.has(f));
    if (done.size > 0 && pending.includes(TENANT_ISOLATION_FUNCTION)) {
      pending.sort((a, b) => Number(b === TENANT_ISOLATION_FUNCTION) - Number(a === TENANT_ISOLATION_FUNCTION));
    }
    for (const file of pending) {
      const sql = await readFile(path.join(dir, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
        applied.push(file);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}
