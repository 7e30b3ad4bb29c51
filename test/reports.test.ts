/**
 * The office's figures from a hand-made month (test/reports-seed.ts): exact numbers on the pages,
 * in the CSV (parsed back) and in the public processing times; who may see which figures.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { officeToday } from '../src/platform/clock/office-time.js';
import { aggregateFigures } from '../src/reports/aggregate-figures.js';
import { AGGREGATE_JOB } from '../src/reports/jobs.js';
import { forgetPublishedTimes } from '../src/reports/published-processing-times.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import type { Client } from './helpers/client.js';
import { parseCsv } from './helpers/csv.js';
import { pdfText } from './helpers/pdf-text.js';
import { signedInStaff } from './helpers/staff.js';
import { type Seeded, seedMonth } from './reports-seed.js';

let app: TestApp;
let seeded: Seeded;
let lead: Client;

before(async () => {
  app = await startTestApp();
  // The run at start must be over before the test's own run (both would write the same days).
  await jobsEnded(AGGREGATE_JOB);
  const today = officeToday(Date.now());
  seeded = await seedMonth(app.db.owner, today);
  await app.db.owner.query('DELETE FROM report_runs');
  await aggregateFigures(app.db.pool, seeded.authorityId);
  forgetPublishedTimes();
  lead = (await signedInStaff(app, 'head@musterstadt.example', 'team_lead')).client;
});
after(async () => {
  await app?.close();
});

async function jobsEnded(name: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await app.db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('completed', 'failed')",
      [name],
    );
    if (rows[0]!.n > 0) return;
    if (Date.now() > deadline) throw new Error(`${name} did not run at start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const period = () => `from=${seeded.day}&to=${seeded.day}`;

/** The cells of a table's rows as text (header cells of rows included), by the table's heading id. */
function tableRows(html: string, id: string): string[][] {
  const section = html.split(`id="table-${id}"`)[1]?.split('</section>')[0] ?? '';
  const body = section.split('<tbody')[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

async function csv(client: Client, path: string): Promise<string[][]> {
  const response = await fetch(app.base + path, { headers: { cookie: client.cookieHeader } });
  assert.equal(response.status, 200, path);
  assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
  // fetch's text() would drop the byte-order mark Excel needs: decode the bytes keeping it.
  return parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer()), ';');
}

test('processing times: median and 80th percentile per service, backlog by state and age, open requests and hearings', async () => {
  const page = await lead.get(`/staff/reports/processing?${period()}`);
  assert.equal(page.status, 200);
  const byService = tableRows(page.html, 'processing-services');
  const counts = byService.map((row) => row.slice(1));
  assert.deepEqual(counts.sort(), [
    ['19', '3', '3'],
    ['20', '6', '10'],
  ]);
  const backlog = tableRows(page.html, 'backlog');
  assert.deepEqual(
    backlog.map((row) => row.slice(1)),
    [
      ['1', '0', '0', '0', '1'], // received: age 0
      ['0', '1', '0', '0', '1'], // incomplete: age 31
      ['1', '1', '1', '0', '3'], // in review: ages 30, 90, 180
      ['0', '0', '1', '0', '1'], // waiting for another authority: age 91
      ['0', '0', '0', '1', '1'], // ready for decision: age 181
    ],
  );
  assert.deepEqual(
    tableRows(page.html, 'open-work').map((row) => row[1]),
    ['1', '1', '1'],
  );
  assert.match(page.html, /<svg class="report-chart"/);
});

test('walk-in waiting: p50 and p90 per location, weekday and hour; tickets per hour', async () => {
  const page = await lead.get(`/staff/reports/waiting?${period()}`);
  assert.equal(page.status, 200);
  const byLocation = tableRows(page.html, 'waiting-locations').map((row) => row.slice(1));
  assert.deepEqual(byLocation.sort(), [
    ['1', '100', '100'],
    ['10', '10', '25'],
  ]);
  const cells = tableRows(page.html, 'waiting-hours');
  assert.deepEqual(
    cells.map((row) => row.slice(2)),
    cells.map((row) => (row[3] === '10' ? ['09:00', '10', '10', '25'] : ['09:00', '1', '100', '100'])),
  );
  // 12 drawn at location 1 (10 called, 2 never), 1 at location 2, all between 09:00 and 10:00.
  assert.deepEqual(tableRows(page.html, 'tickets-per-hour'), [['09:00', '13', '13']]);
});

test('appointments: booked, served, no-show rate and cancellations; the CSV parses back with German decimal commas', async () => {
  const page = await lead.get(`/staff/reports/appointments?${period()}&service=${seeded.serviceA}`);
  assert.equal(page.status, 200);
  // 8 confirmed (5 served, 2 missed, 1 not recorded), 1 cancelled; no-show 2 ÷ 7 = 28.6 %, cancelled 1 ÷ 9 = 11.1 %.
  assert.deepEqual(
    tableRows(page.html, 'appointments-services').map((row) => row.slice(1)),
    [['8', '5', '2', '1', '28,6', '11,1']],
  );
  assert.match(page.html, new RegExp(`value="${seeded.serviceA}" selected`));
  const rows = await csv(
    lead,
    `/staff/reports/appointments/appointments-services.csv?${period()}&service=${seeded.serviceA}`,
  );
  assert.deepEqual(rows[0], [
    'Dienstleistung',
    'Gebucht',
    'Bedient',
    'Nicht erschienen',
    'Storniert',
    'Nichterscheinen (%)',
    'Stornoquote (%)',
  ]);
  assert.deepEqual(
    rows.slice(1).map((row) => row.slice(1)),
    [['8', '5', '2', '1', '28,6', '11,1']],
  );
  const processing = await csv(lead, `/staff/reports/processing/processing-services.csv?${period()}`);
  assert.deepEqual(
    processing
      .slice(1)
      .map((row) => row.slice(1))
      .sort(),
    [
      ['19', '3', '3'],
      ['20', '6', '10'],
    ],
  );
});

test('a wrong date is shown again with a message in the staff language, nothing is lost, and no 500', async () => {
  const page = await lead.get(`/staff/reports/waiting?from=2026-13-45&to=${seeded.day}&service=${seeded.serviceA}`);
  assert.equal(page.status, 400);
  assert.match(page.html, /Bitte geben Sie ein Datum/);
  assert.match(page.html, /value="2026-13-45"/);
  assert.match(page.html, new RegExp(`value="${seeded.serviceA}" selected`));
  const reversed = await lead.get(`/staff/reports/waiting?from=${seeded.day}&to=2020-01-01`);
  assert.equal(reversed.status, 400);
  assert.match(reversed.html, /Beginn des Zeitraums/);
  assert.equal((await lead.get('/staff/reports/nonsense')).status, 404);
  assert.equal((await lead.get(`/staff/reports/waiting/nonsense.csv?${period()}`)).status, 404);
});

test('the PDF summary for the council holds the figures', async () => {
  const response = await fetch(`${app.base}/staff/reports/summary.pdf?${period()}`, {
    headers: { cookie: lead.cookieHeader },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  const text = await pdfText(Buffer.from(await response.arrayBuffer()));
  assert.match(text, /Kennzahlen der Behörde/);
  assert.match(text, /Bearbeitungszeit \(Eingang bis Entscheidung\) je Dienstleistung/);
  assert.match(text, /28,6/);
});

test('a caseworker is refused every report page, CSV and PDF', async () => {
  const { client } = await signedInStaff(app, 'cw@musterstadt.example', 'caseworker');
  const paths = [
    '/staff/reports',
    '/staff/reports/waiting',
    '/staff/reports/appointments',
    '/staff/reports/processing',
    '/staff/reports/waiting/waiting-locations.csv',
    '/staff/reports/appointments/appointments-services.csv',
    '/staff/reports/processing/backlog.csv',
    '/staff/reports/summary.pdf',
  ];
  for (const path of paths) {
    const response = await client.get(path);
    assert.ok([403, 404].includes(response.status), `${path} answered ${response.status}`);
  }
  const home = await client.get('/staff');
  assert.doesNotMatch(home.html, /href="\/staff\/reports"/);
});

test('a team lead limited to one location sees only its figures, by URL and by query parameter', async () => {
  const { client, id } = await signedInStaff(app, 'lead2@musterstadt.example', 'team_lead');
  await app.db.owner.query('UPDATE staff_roles SET location_ids = $2 WHERE user_id = $1', [id, [seeded.location2]]);
  const own = await client.get(`/staff/reports/waiting?${period()}`);
  assert.equal(own.status, 200);
  assert.deepEqual(
    tableRows(own.html, 'waiting-locations').map((row) => row.slice(1)),
    [['1', '100', '100']],
  );
  assert.doesNotMatch(own.html, new RegExp(`value="${seeded.location1}"`));
  assert.equal((await client.get(`/staff/reports/waiting?${period()}&location=${seeded.location1}`)).status, 403);
  assert.equal(
    (await client.get(`/staff/reports/waiting/waiting-locations.csv?${period()}&location=${seeded.location1}`)).status,
    403,
  );
  const rows = await csv(client, `/staff/reports/waiting/waiting-locations.csv?${period()}`);
  assert.deepEqual(
    rows.slice(1).map((row) => row.slice(1)),
    [['1', '100', '100']],
  );
  const appointments = await client.get(`/staff/reports/appointments?${period()}`);
  assert.deepEqual(tableRows(appointments.html, 'appointments-services'), []);
  // The coming capacity: only the location reached.
  const capacity = tableRows(appointments.html, 'lead-times');
  assert.ok(capacity.length > 0);
  const { rows: names } = await app.db.owner.query<{ name: string }>('SELECT name FROM locations WHERE id = $1', [
    seeded.location2,
  ]);
  assert.deepEqual([...new Set(capacity.map((row) => row[1]))], [names[0]!.name]);
});

test('public processing times: numbers from 20 decided cases, "not enough data" below, in the API and on the pages', async () => {
  const api = await fetch(`${app.base}/api/v1/processing-times?locale=en`);
  assert.equal(api.status, 200);
  const body = (await api.json()) as {
    minimumCases: number;
    services: { id: string; cases: number; medianDays: number | null; p80Days: number | null; enoughData: boolean }[];
  };
  assert.equal(body.minimumCases, 20);
  const a = body.services.find((s) => s.id === seeded.serviceA)!;
  const b = body.services.find((s) => s.id === seeded.serviceB)!;
  assert.deepEqual([a.cases, a.medianDays, a.p80Days, a.enoughData], [20, 6, 10, true]);
  assert.deepEqual([b.cases, b.medianDays, b.p80Days, b.enoughData], [19, null, null, false]);
  for (const locale of ['de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa']) {
    const page = await fetch(`${app.base}/${locale}/processing-times`);
    assert.equal(page.status, 200, locale);
    const html = await page.text();
    assert.match(html, new RegExp(`<html lang="${locale}" dir="${['ar', 'fa'].includes(locale) ? 'rtl' : 'ltr'}"`));
  }
  const de = await (await fetch(`${app.base}/de/processing-times`)).text();
  assert.match(de, /6 Tagen/);
  assert.match(de, /10 Tagen/);
  assert.match(de, /noch nicht genug Daten/);
  const openapi = await (await fetch(`${app.base}/api/openapi.json`)).text();
  assert.match(openapi, /\/api\/v1\/processing-times/);
});

test('the service page says within how many days most applications are decided', async () => {
  const { rows } = await app.db.owner.query<{ slug: string }>('SELECT slug FROM services WHERE id = $1', [
    seeded.serviceA,
  ]);
  const page = await (await fetch(`${app.base}/en/services/${rows[0]!.slug}`)).text();
  assert.match(page, /Most applications like yours are decided within 10 days/);
  const { rows: other } = await app.db.owner.query<{ slug: string }>('SELECT slug FROM services WHERE id = $1', [
    seeded.serviceB,
  ]);
  const few = await (await fetch(`${app.base}/en/services/${other[0]!.slug}`)).text();
  assert.match(few, /Too few applications for this service were decided/);
});
