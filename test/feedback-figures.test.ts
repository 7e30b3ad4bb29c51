import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedSurveyAnswers } from '../bench/seed-survey-answers.js';
import { withTenant } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { signedInStaff } from './helpers/staff.js';

let app: TestApp;
let authorityId: string;
let services: string[];
let locations: string[];

before(async () => {
  app = await startTestApp();
  authorityId = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  ({ services, locations } = await withTenant(app.db.owner, authorityId, async (tx) => ({
    services: (await tx.query<{ id: string }>('SELECT id FROM services ORDER BY slug LIMIT 2')).rows.map((r) => r.id),
    locations: (await tx.query<{ id: string }>('SELECT id FROM locations ORDER BY slug LIMIT 2')).rows.map((r) => r.id),
  })));
  // January 2020, by hand: service A 5, 4 (appointments at L1), 3 (walk-in at L2); service B 1, 2 (online, Arabic).
  const answers = [
    [services[0], locations[0], 'appointment', 'de', 5],
    [services[0], locations[0], 'appointment', 'en', 4],
    [services[0], locations[1], 'walk_in', 'de', 3],
    [services[1], null, 'online', 'ar', 1],
    [services[1], null, 'online', 'ar', 2],
  ] as const;
  await withTenant(app.db.owner, authorityId, async (tx) => {
    for (const [service, location, channel, locale, score] of answers) {
      await tx.query(
        `INSERT INTO survey_answers (authority_id, service_id, location_id, channel, locale, month, scores, comment)
         VALUES ($1, $2, $3, $4, $5, '2020-01-01', jsonb_build_object('overall', $6::int, 'waiting', 6 - $6::int), $7)`,
        [authorityId, service, location, channel, locale, score, score === 1 ? 'Zu lange gewartet. [Telefon]' : ''],
      );
    }
  });
});
after(() => app?.close());

/** The CSV's rows as cells (German notation: `;`, decimal comma, BOM). */
function parseGermanCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(';'));
}

test('the figures of a seeded month are the hand-computed means and distributions, on the page and in the CSV', async () => {
  const { client } = await signedInStaff(app, 'lead.figures@musterstadt.example', 'team_lead');
  const page = await client.get('/staff/reports/satisfaction?from=2020-01&to=2020-01');
  assert.equal(page.status, 200);
  assert.match(page.html, /5 Antworten, Mittelwert 3,00/);
  assert.match(page.html, /href="\/staff\/reports"/);
  assert.match(page.html, /<svg class="report-chart"/);
  assert.match(page.html, /Zu lange gewartet\. \[Telefon\]/);

  const csv = await client.get('/staff/reports/satisfaction.csv?from=2020-01&to=2020-01');
  assert.equal(csv.status, 200);
  const raw = await fetch(`${app.base}/staff/reports/satisfaction.csv`, { headers: { cookie: client.cookieHeader } });
  assert.deepEqual([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const rows = parseGermanCsv(csv.html);
  assert.deepEqual(rows[0], [
    'Aufteilung',
    'Gruppe',
    'Antworten',
    'Mittelwert',
    'Anzahl 1',
    'Anzahl 2',
    'Anzahl 3',
    'Anzahl 4',
    'Anzahl 5',
  ]);
  const by = (dimension: string) => rows.filter((r) => r[0] === dimension).map((r) => r.slice(1));
  assert.deepEqual(
    by('Nach Zugangsweg').sort(),
    [
      ['Online-Antrag', '2', '1,5', '1', '1', '0', '0', '0'],
      ['Ohne Termin (Wartemarke)', '1', '3', '0', '0', '1', '0', '0'],
      ['Termin', '2', '4,5', '0', '0', '0', '1', '1'],
    ].sort(),
  );
  assert.deepEqual(
    by('Nach Dienstleistung')
      .map((r) => r.slice(1))
      .sort(),
    [
      ['2', '1,5', '1', '1', '0', '0', '0'],
      ['3', '4', '0', '0', '1', '1', '1'],
    ].sort(),
  );
  assert.deepEqual(
    by('Nach Sprache').sort(),
    [
      ['Deutsch', '2', '4', '0', '0', '1', '0', '1'],
      ['English', '1', '4', '0', '0', '0', '1', '0'],
      ['العربية', '2', '1,5', '1', '1', '0', '0', '0'],
    ].sort(),
  );
  assert.equal(by('Nach Standort').length, 3, 'two locations and the online answers without one');

  // Filtered by service B and by another question: only its two answers, "waiting" = 6 − overall.
  const filtered = await client.get(
    `/staff/reports/satisfaction.csv?from=2020-01&to=2020-01&service=${services[1]}&question=waiting`,
  );
  const filteredRows = parseGermanCsv(filtered.html).filter((r) => r[0] === 'Nach Zugangsweg');
  assert.deepEqual(
    filteredRows.map((r) => r.slice(1)),
    [['Online-Antrag', '2', '4,5', '0', '0', '0', '1', '1']],
  );
});

test('a caseworker cannot open the figures or their CSV', async () => {
  const { client } = await signedInStaff(app, 'cw.figures@musterstadt.example', 'caseworker');
  assert.equal((await client.get('/staff/reports/satisfaction')).status, 403);
  assert.equal((await client.get('/staff/reports/satisfaction.csv')).status, 403);
});

test('with 200,000 answers the figures page stays fast (aggregated in SQL)', async () => {
  const seeded = await seedSurveyAnswers(app.db.owner, authorityId, 200_000);
  assert.equal(seeded, 200_000);
  const { client } = await signedInStaff(app, 'lead.bench@musterstadt.example', 'authority_admin');
  const timings: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    const page = await client.get('/staff/reports/satisfaction');
    timings.push(performance.now() - started);
    assert.equal(page.status, 200);
  }
  timings.sort((a, b) => a - b);
  console.log(
    `satisfaction page with 200,000 answers: median ${timings[2]!.toFixed(0)} ms, max ${timings[4]!.toFixed(0)} ms`,
  );
  assert.ok(timings[2]! < 1000, `median ${timings[2]} ms`);
});
