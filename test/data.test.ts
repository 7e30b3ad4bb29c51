import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { loadSeeds } from '../src/seeds.js';
import { tenantReader, withoutTenant, withTenant } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app?.close();
});

const OTHER = path.resolve(import.meta.dirname, 'fixtures/other-authority');
const TENANT_TABLES = [
  'locations',
  'location_texts',
  'opening_hours',
  'documents',
  'document_texts',
  'services',
  'service_texts',
  'service_documents',
  'service_locations',
  'accessibility_feedback',
];

async function authorityId(slug: string): Promise<string> {
  const { rows } = await app.db.pool.query<{ id: string }>('SELECT id FROM authorities WHERE slug = $1', [slug]);
  return rows[0]!.id;
}

describe('tenancy (row-level security in PostgreSQL)', () => {
  test('the application connects as a role that cannot bypass row-level security', async () => {
    const { rows } = await app.db.pool.query<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>(
      'SELECT current_user, r.rolbypassrls, r.rolsuper FROM pg_roles r WHERE r.rolname = current_user',
    );
    assert.deepEqual(rows[0], { current_user: 'willkommen_app', rolbypassrls: false, rolsuper: false });
  });

  test('without a tenant, or with another tenant, no row of the demo authority is visible', async () => {
    await loadSeeds(app.db.owner, OTHER);
    const demo = await authorityId('musterstadt');
    const other = await authorityId('beispielkreis');
    for (const table of TENANT_TABLES) {
      // No WHERE clause: only the database's policy decides what is visible.
      const none = await withoutTenant(app.db.pool, (tx) => tx.query(`SELECT count(*)::int AS n FROM ${table}`));
      assert.equal(none.rows[0].n, 0, `${table} visible without tenant`);
      const foreign = await withTenant(app.db.pool, other, (tx) =>
        tx.query(`SELECT count(*)::int AS n FROM ${table} WHERE authority_id = $1`, [demo]),
      );
      assert.equal(foreign.rows[0].n, 0, `${table}: demo rows visible to the other authority`);
    }
    const own = await withTenant(app.db.pool, demo, (tx) => tx.query('SELECT count(*)::int AS n FROM services'));
    assert.ok(own.rows[0].n >= 15);
    const theirs = await withTenant(app.db.pool, other, (tx) => tx.query('SELECT slug FROM services'));
    assert.deepEqual(
      theirs.rows.map((r) => r.slug),
      ['secret-service-of-other-authority'],
    );
  });

  test('a tenant cannot write rows for another authority, and setting the tenant does not outlive the transaction', async () => {
    const demo = await authorityId('musterstadt');
    const other = await authorityId('beispielkreis');
    await assert.rejects(
      withTenant(app.db.pool, other, (tx) =>
        tx.query(
          "INSERT INTO accessibility_feedback (authority_id, locale, page, message) VALUES ($1, 'de', '', 'x')",
          [demo],
        ),
      ),
      /row-level security/,
    );
    await withTenant(app.db.pool, demo, async () => undefined);
    const after = await withoutTenant(app.db.pool, (tx) => tx.query('SELECT count(*)::int AS n FROM services'));
    assert.equal(after.rows[0].n, 0);
  });

  test('a reading connection bound to one authority sees its rows only, and cannot widen itself to another', async () => {
    const demo = await authorityId('musterstadt');
    const other = await authorityId('beispielkreis');
    const slugs = async (id: string) =>
      (
        await tenantReader(app.db.pool, id).query<{ slug: string }>({ text: 'SELECT slug FROM services ORDER BY slug' })
      ).rows.map((r) => r.slug);
    assert.deepEqual(await slugs(other), ['secret-service-of-other-authority']);
    assert.ok((await slugs(demo)).length >= 15 && !(await slugs(demo)).includes('secret-service-of-other-authority'));
    // Even a statement that sets another authority cannot see or write that authority's rows from there.
    const widened = await tenantReader(app.db.pool, other).query<{ n: number }>({
      text: `SELECT count(*)::int AS n FROM services, (SELECT set_config('app.authority_id', $1::text, true)) s WHERE authority_id = $1::uuid`,
      values: [demo],
    });
    assert.equal(widened.rows[0]!.n, 0);
    assert.throws(() => tenantReader(app.db.pool, "x'; DROP TABLE services; --"), /UUID/);
  });

  test('the public portal never shows the other authority’s services', async () => {
    const response = await fetch(`${app.base}/api/v1/services?q=zebrafisch`);
    assert.deepEqual(((await response.json()) as { services: unknown[] }).services, []);
    assert.equal((await fetch(`${app.base}/de/services/secret-service-of-other-authority`)).status, 404);
  });
});

describe('seeds', () => {
  test('loading the demo office again changes nothing', async () => {
    const count = async () =>
      (
        await app.db.owner.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM services) + (SELECT count(*) FROM service_texts) + (SELECT count(*) FROM documents)
            + (SELECT count(*) FROM opening_hours) + (SELECT count(*) FROM service_documents) + (SELECT count(*) FROM authorities) AS n`,
        )
      ).rows[0]!.n;
    const before = await count();
    await loadSeeds(app.db.owner);
    await loadSeeds(app.db.owner);
    assert.equal(await count(), before);
  });
});

describe('accessibility feedback', () => {
  async function formOf(locale: string): Promise<{ cookie: string; token: string }> {
    const response = await fetch(`${app.base}/${locale}/accessibility`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
    assert.ok(cookie && token);
    return { cookie, token };
  }
  const post = (locale: string, body: Record<string, string>, cookie = '') =>
    fetch(`${app.base}/${locale}/accessibility/feedback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(body).toString(),
    });
  const stored = async () =>
    (await app.db.owner.query('SELECT locale, page, message, email FROM accessibility_feedback ORDER BY created_at'))
      .rows;

  test('a message is stored and the reader is sent to a confirmation', async () => {
    const { cookie, token } = await formOf('fa');
    const response = await post(
      'fa',
      { _csrf: token, message: 'دکمه جستجو دیده نمی‌شود', email: 'reza@example.org', page: '/fa/services' },
      cookie,
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/fa/accessibility?sent=1#feedback');
    assert.deepEqual((await stored()).at(-1), {
      locale: 'fa',
      page: '/fa/services',
      message: 'دکمه جستجو دیده نمی‌شود',
      email: 'reza@example.org',
    });
    const confirmation = await (await fetch(`${app.base}/fa/accessibility?sent=1`)).text();
    assert.match(confirmation, /kern-alert--success/);
  });

  test('errors come back in the reader’s language, linked to the fields, with what was typed kept', async () => {
    const { cookie, token } = await formOf('de');
    const before = (await stored()).length;
    const response = await post('de', { _csrf: token, message: '', email: 'kaputt', page: 'Startseite' }, cookie);
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.match(page, /href="#message"/);
    assert.match(page, /Bitte schreiben Sie eine Nachricht/);
    assert.match(page, /value="kaputt"/);
    assert.match(page, /value="Startseite"/);
    assert.equal((await stored()).length, before);
  });

  test('without a valid CSRF token nothing is stored, and the text is kept for sending again', async () => {
    const before = (await stored()).length;
    const response = await post('en', { message: 'Contrast too low on buttons' });
    assert.equal(response.status, 403);
    const page = await response.text();
    assert.match(page, /Contrast too low on buttons/);
    assert.match(page, /Please send the form again/);
    const forged = await post('en', { _csrf: 'forged', message: 'x' }, 'csrf=abc');
    assert.equal(forged.status, 403);
    assert.equal((await stored()).length, before);
  });
});

describe('health', () => {
  test('answers 503 while the database cannot be reached, and 200 again after', async () => {
    const database = new URL(app.config.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.WILLKOMMEN_TEST_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      const down = await fetch(`${app.base}/health`);
      assert.equal(down.status, 503);
      const report = await down.json();
      assert.equal(report.status, 'unavailable');
      assert.equal(report.database, 'down');
      assert.ok(Date.parse(report.downSince) <= Date.now(), 'the outage is reported with its start');
      assert.ok(report.connectionsLost >= 0);
      const page = await fetch(`${app.base}/de/services?q=${Date.now()}`); // not yet cached
      assert.equal(page.status, 503, 'a page needing the database says the service is unavailable');
      assert.match(await page.text(), /Der Dienst ist gerade nicht erreichbar/);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const up = await fetch(`${app.base}/health`);
    assert.equal(up.status, 200);
    const recovered = await up.json();
    assert.equal(recovered.database, 'up');
    assert.ok(recovered.lastOutage?.from && recovered.lastOutage?.to, 'the outage is reported with its end');
  });
});
