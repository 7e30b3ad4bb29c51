import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { freshDatabase } from '../../../test/helpers/app.js';
import { migrate } from './migrate.js';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../../migrations');

let database: Awaited<ReturnType<typeof freshDatabase>>;
let owner: pg.Pool;
let oldDir: string;
before(async () => {
  database = await freshDatabase();
  owner = new pg.Pool({ connectionString: database.url, max: 1 });
  oldDir = await mkdtemp(path.join(tmpdir(), 'willkommen-migrations-'));
});
after(async () => {
  await owner?.end();
  await database?.drop();
  if (oldDir) await rm(oldDir, { recursive: true, force: true });
});

async function recorded(): Promise<string[]> {
  return (await owner.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map(
    (r) => r.name,
  );
}

test('a database that recorded the migrations under their old numbers runs none of them again, and gets enable_tenant_isolation()', async () => {
  // An installation that stopped at what was then 009: its files under the names it recorded.
  const stoppedAt: Array<[string, string]> = [
    ['001_tenancy_and_catalog.sql', '001_tenancy_and_catalog.sql'],
    ['002_identity_and_audit.sql', '002_identity_and_audit.sql'],
    ['003_appointments.sql', '003_appointments.sql'],
    ['004_queue.sql', '004_queue.sql'],
    ['005_applications.sql', '005_applications.sql'],
    ['006_case_work.sql', '006_case_work.sql'],
    ['007_fiktionsbescheinigungen.sql', '008_fiktionsbescheinigungen.sql'],
    ['008_renewals.sql', '009_renewals.sql'],
  ];
  for (const [now, then] of stoppedAt) await copyFile(path.join(MIGRATIONS, now), path.join(oldDir, then));
  await migrate(owner, oldDir);
  assert.ok((await recorded()).includes('009_renewals.sql'));
  // Its 001 came before enable_tenant_isolation().
  await owner.query('DROP FUNCTION enable_tenant_isolation(regclass, boolean)');

  const files = (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort();
  const applied = await migrate(owner);
  // The function first: the files before it call it.
  const backfill = '012_tenant_isolation_function.sql';
  assert.deepEqual(applied, [backfill, ...files.filter((f) => f > '008_renewals.sql' && f !== backfill)]);
  assert.deepEqual(await recorded(), files);
  assert.deepEqual(await migrate(owner), [], 'a second start applies nothing');
  const { rows } = await owner.query<{ found: boolean; app_may_call: boolean }>(
    `SELECT to_regprocedure('enable_tenant_isolation(regclass, boolean)') IS NOT NULL AS found,
            has_function_privilege('willkommen_app', 'enable_tenant_isolation(regclass, boolean)', 'EXECUTE') AS app_may_call`,
  );
  assert.deepEqual(rows[0], { found: true, app_may_call: false });
});
