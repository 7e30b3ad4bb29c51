import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { consentRecords, consentValidAt, type ConsentEvent } from '../src/referrals/consent.js';
import { withPartner } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type PlantedPartner, plantPartner, plantReferral, REFERRAL_TABLES } from './helpers/referrals.js';

/**
 * Row-level security for partners, as the application's role: with a partner's context no query of
 * any referral table returns a row of another partner's referral or of one without a consent valid
 * now; the database's rule agrees with the pure one (consent.ts) for any sequence of events.
 */

let app: TestApp;
let authority: string;
let x: PlantedPartner;
let y: PlantedPartner;
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
const visible = new Map<string, boolean>();

before(async () => {
  app = await startTestApp();
  authority = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  x = await plantPartner(app.db.owner, authority, { slug: 'jobcenter-x', name: 'Jobcenter X' });
  y = await plantPartner(app.db.owner, authority, { slug: 'beratung-y', name: 'Beratung Y' });
  const cases: [string, PlantedPartner, Parameters<typeof plantReferral>[3], boolean][] = [
    ['valid', x, [{ givenAt: ago(1), expiresAt: ago(-24), endedAt: null }], true],
    ['no consent', x, [], false],
    ['expired', x, [{ givenAt: ago(48), expiresAt: ago(1), endedAt: null }], false],
    ['withdrawn', x, [{ givenAt: ago(3), expiresAt: ago(-24), endedAt: ago(1) }], false],
    [
      'withdrawn, then given again',
      x,
      [
        { givenAt: ago(5), expiresAt: ago(-24), endedAt: ago(4) },
        { givenAt: ago(2), expiresAt: ago(-24), endedAt: null },
      ],
      true,
    ],
    ['other partner, valid', y, [{ givenAt: ago(1), expiresAt: ago(-24), endedAt: null }], false],
  ];
  for (const [label, partner, consents, seen] of cases) {
    visible.set(await plantReferral(app.db.owner, authority, partner, consents), seen);
    assert.ok(label);
  }
});

after(async () => {
  await app?.close();
});

test("as a partner, every referral table shows only the partner's referrals with a consent valid now", async () => {
  const expected = [...visible]
    .filter(([, seen]) => seen)
    .map(([id]) => id)
    .sort();
  for (const { table, referral } of REFERRAL_TABLES) {
    const { rows } = await withPartner(app.db.pool, authority, x.partnerId, (tx) =>
      tx.query<{ referral: string | null; partner: string }>(
        `SELECT ${referral} AS referral, partner_id AS partner FROM ${table}`,
      ),
    );
    for (const row of rows) {
      assert.equal(row.partner, x.partnerId, `${table}: a row of another partner`);
      assert.ok(row.referral && visible.get(row.referral), `${table}: a row of a referral without valid consent`);
    }
    const seen = [...new Set(rows.map((r) => r.referral!))].sort();
    if (table === 'referral_sources' || table === 'referral_consent_ends') {
      assert.deepEqual(seen, [], `${table} is never shown to a partner`);
    } else assert.deepEqual(seen, expected, `${table}: the referrals with valid consent`);
  }
  // Without a partner context (the office's own staff) the tenant policy alone applies.
  const all = await app.db.pool.connect();
  try {
    await all.query('BEGIN');
    await all.query("SELECT set_config('app.authority_id', $1, true)", [authority]);
    const { rows } = await all.query<{ n: number }>('SELECT count(*)::int AS n FROM referrals');
    assert.equal(rows[0]!.n, visible.size);
    await all.query('ROLLBACK');
  } finally {
    all.release();
  }
});

test('a partner cannot write to a referral without valid consent, nor edit or delete a consent', async () => {
  for (const [id, seen] of visible) {
    const insert = withPartner(app.db.pool, authority, x.partnerId, (tx) =>
      tx.query(
        `INSERT INTO referral_answers (referral_id, authority_id, partner_id, kind)
         SELECT id, authority_id, partner_id, 'accepted' FROM referrals WHERE id = $1`,
        [id],
      ),
    );
    // Unseen referrals are not even found, so nothing is inserted.
    assert.equal((await insert).rowCount, seen ? 1 : 0);
    const forced = withPartner(app.db.pool, authority, x.partnerId, (tx) =>
      tx.query(
        `INSERT INTO referral_answers (referral_id, authority_id, partner_id, kind) VALUES ($1, $2, $3, 'accepted')`,
        [id, authority, x.partnerId],
      ),
    );
    if (seen) await forced;
    else await assert.rejects(forced, /row-level security|foreign key/, 'an answer to a hidden referral');
  }
  const edit = withPartner(app.db.pool, authority, x.partnerId, (tx) =>
    tx.query("UPDATE referral_consents SET expires_at = now() + interval '10 years'"),
  );
  await assert.rejects(edit, /permission denied/);
  await assert.rejects(
    withPartner(app.db.pool, authority, x.partnerId, (tx) => tx.query('DELETE FROM referral_consent_ends')),
    /permission denied/,
  );
});

test('the database agrees with consentValidAt() for any sequence of consent, expiry and withdrawal events', async () => {
  const MINUTE = 60_000;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          fc.record({
            kind: fc.constant('consent' as const),
            at: fc.integer({ min: 0, max: 600 }),
            days: fc.constantFrom(0.05, 0.1, 0.3),
          }),
          fc.record({ kind: fc.constant('withdraw' as const), at: fc.integer({ min: 0, max: 600 }) }),
        ),
        { maxLength: 6 },
      ),
      fc.integer({ min: 0, max: 900 }),
      async (raw, q) => {
        // Minutes on a line whose instant q is now: events before q lie in the past.
        const base = Date.now() - q * MINUTE;
        const events: ConsentEvent[] = raw.map((e) => ({ ...e, at: new Date(base + e.at * MINUTE) }));
        // Only what has happened by now is in the database: later withdrawals are not yet recorded.
        const records = consentRecords(events.filter((e) => e.at.getTime() <= base + q * MINUTE));
        const expected = consentValidAt(records, new Date(base + q * MINUTE));
        const id = await plantReferral(app.db.owner, authority, x, records);
        const { rows } = await withPartner(app.db.pool, authority, x.partnerId, (tx) =>
          tx.query('SELECT id FROM referrals WHERE id = $1', [id]),
        );
        assert.equal(rows.length === 1, expected, JSON.stringify({ raw, q }));
      },
    ),
    { numRuns: 60 },
  );
});
