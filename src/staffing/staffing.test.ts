import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  dayAgo,
  daysAgo,
  type Place,
  placeOf,
  plantAppointment,
  plantCase,
  plantTicket,
} from '../../test/helpers/aged-rows.js';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { type Client, csrfIn } from '../../test/helpers/client.js';
import { pdfText } from '../../test/helpers/pdf-text.js';
import { signedInStaff } from '../../test/helpers/staff.js';

let app: TestApp;
let lead: Client;
let caseworker: Client;
let place: Place;
/** A second service, planned by forecast only. */
let other: { id: string; name: string };
let serviceName: string;

const PAGE = '/staff/reports/staffing';

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  caseworker = (await signedInStaff(app, 'sachbearbeitung@musterstadt.example', 'caseworker')).client;
  place = await placeOf(app.db.owner, 'musterstadt');
  const names = await app.db.owner.query<{ id: string; name: string }>(
    `SELECT s.id, t.name FROM services s JOIN service_texts t ON t.service_id = s.id AND t.locale = 'de'
      WHERE s.authority_id = $1 ORDER BY s.slug`,
    [place.authorityId],
  );
  serviceName = names.rows.find((r) => r.id === place.serviceId)!.name;
  other = names.rows.find((r) => r.id !== place.serviceId)!;
  // The seeded year of the first service: 4 cases received (one more before the 12 months), 3
  // appointments served (one through a checked-in ticket) and 2 walk-ins served; every ticket was
  // at the counter from 09:01 (called) to 09:20 (served) = 19 minutes.
  for (let i = 0; i < 4; i++) await plantCase(app.db.owner, place, { receivedDaysAgo: 10, closedDaysAgo: null });
  await plantCase(app.db.owner, place, { receivedDaysAgo: 400, closedDaysAgo: null });
  const appointments = [];
  for (let i = 0; i < 3; i++) appointments.push(await plantAppointment(app.db.owner, place, daysAgo(5 + i)));
  await plantTicket(app.db.owner, place, dayAgo(5), appointments[0]!);
  await plantTicket(app.db.owner, place, dayAgo(3));
  await plantTicket(app.db.owner, place, dayAgo(2));
});

after(async () => {
  await app?.close();
});

const decoded = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

test('bad input in the settings form: a clear German error per field, 400, and everything typed is kept', async () => {
  const page = await lead.get(PAGE);
  assert.equal(page.status, 200);
  const sent = await lead.post(PAGE, {
    _csrf: csrfIn(page.html),
    annualWorkingMinutes: '96.000',
    surchargePercent: 'zehn',
    totalPosts: '4,5',
    [`caseworkMinutes-${place.serviceId}`]: '-3',
    [`forecastCases-${other.id}`]: '12000',
  });
  assert.equal(sent.status, 400);
  const html = decoded(sent.html);
  assert.match(html, /Verteilzeitzuschlag: Bitte eine Zahl zwischen 0 und 50 eingeben/);
  assert.ok(html.includes(`${serviceName}, Sachbearbeitung: Bitte Minuten zwischen 0 und 10.000 eingeben`));
  assert.match(html, /href="#surchargePercent"/);
  assert.match(html, /id="surchargePercent"[^>]*value="zehn"|value="zehn"[^>]*id="surchargePercent"/);
  assert.match(html, /value="96.000"/);
  assert.match(html, /value="4,5"/);
  assert.match(html, /value="-3"/);
  assert.match(html, /value="12000"/);
  const stored = await app.db.owner.query('SELECT 1 FROM staffing_settings');
  assert.equal(stored.rowCount, 0, 'nothing saved from a form with errors');
});

test('saved inputs: the page shows the calculation step by step with the seeded numbers; saving twice adds nothing', async () => {
  const form = {
    surchargePercent: '10',
    totalPosts: '5',
    [`caseworkMinutes-${place.serviceId}`]: '45',
    [`caseworkMinutes-${other.id}`]: '60',
    [`forecastCases-${other.id}`]: '10.000',
  };
  for (let i = 0; i < 2; i++) {
    const saved = await lead.submit(PAGE, PAGE, form);
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `${PAGE}?saved=1`);
  }
  const rows = await app.db.owner.query(
    'SELECT service_id FROM staffing_service_inputs WHERE casework_minutes IS NOT NULL',
  );
  assert.equal(rows.rowCount, 2);
  const page = await lead.get(`${PAGE}?saved=1`);
  assert.equal(page.status, 200);
  const html = decoded(page.html);
  assert.match(html, /Die Eingaben sind gespeichert/);
  // 3 appointments + 2 walk-ins = 5 visits of 19 minutes; 4 cases of 45 minutes.
  assert.ok(
    html.includes(`${serviceName}: 5 Vorsprachen × 19 Min. + 4 Fälle × 45 Min. = 275 Min. Grundzeit`),
    'the measured service',
  );
  assert.ok(html.includes(`${other.name}: 0 Vorsprachen × 0 Min. + 10.000 Fälle × 60 Min. = 600.000 Min. Grundzeit`));
  assert.ok(html.includes('Summe der Grundzeiten aller Leistungen: 600.275 Min.'));
  // 600,275 × 10 % = 60,027.5; together 660,302.5 min = 11,005.04 h; ÷ 96,000 = 6.878…
  assert.ok(
    html.includes(
      'Verteilzeitzuschlag auf die Minuten: 600.275 Min. × 10 % = 60.027,5 Min.; zusammen 660.302,5 Min. = 11.005,04 Stunden',
    ),
  );
  assert.ok(
    html.includes('Bedarf: 660.302,5 Min. ÷ 96.000 Jahresarbeitsminuten einer Vollzeitkraft = 6,88 Vollzeitkräfte'),
  );
  assert.ok(html.includes('Gegenüber 5 Stellen: 6,88 - 5 = +1,88 Vollzeitkräfte'));
  // The default's source and date are named; the surcharge is the authority's own.
  assert.match(html, /Veröffentlichter Standardwert\. Quelle: Jahresarbeitszeit einer Normalarbeitskraft/);
  assert.match(html, /zuletzt geprüft am 03\.12\.2026/);
  assert.match(html, /Von der Behörde festgelegt; der veröffentlichte Standardwert wäre 10\./);
  assert.match(html, /<svg class="report-chart"/);
  assert.match(html, /href="\/staff\/reports"/);
  const audit = await app.db.owner.query("SELECT 1 FROM audit_log WHERE action = 'staffing.inputs_saved'");
  assert.equal(audit.rowCount, 2);
});

test('a scenario is calculated from the GET parameters and stored nowhere; a bad one is named', async () => {
  const before = await app.db.owner.query('SELECT * FROM staffing_service_inputs ORDER BY service_id');
  const page = await lead.get(`${PAGE}?scenarioService=${other.id}&scenarioPercent=20`);
  assert.equal(page.status, 200);
  // 12,000 × 60 + 275 = 720,275 × 1.1 = 792,302.5 ÷ 96,000 = 8.253…
  assert.ok(
    decoded(page.html).includes(`Mit +20 % bei ${other.name}: 8,25 Vollzeitkräfte statt 6,88 (Veränderung +1,38).`),
  );
  const afterRows = await app.db.owner.query('SELECT * FROM staffing_service_inputs ORDER BY service_id');
  assert.deepEqual(afterRows.rows, before.rows);

  const bad = await lead.get(`${PAGE}?scenarioService=${other.id}&scenarioPercent=viel`);
  assert.equal(bad.status, 400);
  assert.match(decoded(bad.html), /Szenario: Bitte eine Veränderung zwischen -100 und 1000 Prozent eingeben/);
  assert.match(bad.html, /value="viel"/);
});

test('the CSV is the table in German Excel notation (semicolons, decimal comma), read back with a parser', async () => {
  const response = await fetch(`${app.base}${PAGE}.csv?scenarioService=${other.id}&scenarioPercent=20`, {
    headers: { cookie: lead.cookieHeader },
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const rows = parseCsv(bytes.subarray(3).toString('utf8'), ';');
  assert.deepEqual(rows[0], [
    'Leistung',
    'Vorsprachen pro Jahr',
    'Schalterzeit (Min. je Vorsprache)',
    'Fälle pro Jahr',
    'Sachbearbeitung (Min. je Fall)',
    'Minuten pro Jahr mit Verteilzeit',
    'Stunden pro Jahr',
    'Vollzeitkräfte',
    'Stellen',
    'Vollzeitkräfte im Szenario',
  ]);
  const measured = rows.find((r) => r[0] === serviceName);
  // 275 min + 10 % = 302.5 min = 5.04 h; 0.0032 FTE → 0 at two decimals
  assert.deepEqual(measured, [serviceName, '5', '19', '4', '45', '302,5', '5,04', '0', '', '0']);
  const total = rows.at(-1);
  assert.deepEqual(total, ['Gesamt', '5', '', '10004', '', '660302,5', '11005,04', '6,88', '5', '8,25']);
});

test('the PDF carries the same steps', async () => {
  const response = await fetch(`${app.base}${PAGE}.pdf`, { headers: { cookie: lead.cookieHeader } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
  assert.ok(text.includes('Summe der Grundzeiten aller Leistungen: 600.275 Min.'), text);
  assert.ok(text.includes('= 6,88 Vollzeitkräfte'));
});

test('a caseworker can neither open the page, its exports, nor post the form', async () => {
  for (const path of [PAGE, `${PAGE}.csv`, `${PAGE}.pdf`]) assert.equal((await caseworker.get(path)).status, 403, path);
  const own = await caseworker.get('/staff/profile');
  const sent = await caseworker.post(PAGE, { _csrf: csrfIn(own.html), surchargePercent: '50' });
  assert.equal(sent.status, 403);
  const stored = await app.db.owner.query<{ surcharge_percent: string }>(
    'SELECT surcharge_percent FROM staffing_settings',
  );
  assert.equal(stored.rows[0]?.surcharge_percent, '10.00');
});

test('a scenario kept as the forecast is applied once, however often the button is pressed', async () => {
  const page = await lead.get(`${PAGE}?scenarioService=${other.id}&scenarioPercent=20`);
  const form = /<form method="post" action="\/staff\/reports\/staffing\/scenario">([\s\S]*?)<\/form>/.exec(
    page.html,
  )?.[1];
  assert.ok(form, 'the adopt form is offered with the scenario');
  const fields = Object.fromEntries([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  assert.equal(fields.fromCases, '10000');
  for (let i = 0; i < 2; i++) {
    const sent = await lead.post(`${PAGE}/scenario`, fields);
    assert.equal(sent.status, 303);
  }
  const { rows } = await app.db.owner.query<{ forecast_cases: number; forecast_visits: number }>(
    'SELECT forecast_cases, forecast_visits FROM staffing_service_inputs WHERE service_id = $1',
    [other.id],
  );
  assert.deepEqual(rows, [{ forecast_cases: 12_000, forecast_visits: 0 }]);
  const audit = await app.db.owner.query("SELECT 1 FROM audit_log WHERE action = 'staffing.scenario_adopted'");
  assert.equal(audit.rowCount, 1);
  assert.equal((await caseworker.post(`${PAGE}/scenario`, fields)).status, 403);
});

test('a team lead limited to one location sees no service: the figures are those of the whole authority', async () => {
  const limited = await signedInStaff(app, 'standort@musterstadt.example', 'team_lead');
  await app.db.owner.query('UPDATE staff_roles SET location_ids = ARRAY[$2::uuid] WHERE user_id = $1', [
    limited.id,
    place.locationId,
  ]);
  const page = await limited.client.get(PAGE);
  assert.equal(page.status, 200);
  assert.ok(!decoded(page.html).includes(`${serviceName}:`), 'no service line');
  assert.match(decoded(page.html), /Bedarf: 0 Vollzeitkräfte/);
  assert.doesNotMatch(page.html, /method="post" action="\/staff\/reports\/staffing"/, 'no settings form');
});

/** A strict RFC 4180 reader, independent of the writer. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}
