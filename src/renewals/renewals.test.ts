import { outboxSettled } from '../../test/helpers/outbox.js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { render } from 'preact-render-to-string';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { Client, csrfIn } from '../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../test/helpers/mailbox.js';
import { signedInStaff } from '../../test/helpers/staff.js';
import { officeToday } from '../platform/clock/office-time.js';
import { assetHref } from '../platform/assets/registry.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';
import { IMPORT_JOB } from './import-permits.js';
import { formatExpiry, REMINDER_JOB } from './send-renewal-reminders.js';
import { ImportPage } from './views/ImportPage.js';

let app: TestApp;
let mailbox: Mailbox;
let lead: Client;
let caseworker: Client;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    LOGIN_ATTEMPTS_PER_IP: '1000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
  lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  caseworker = (await signedInStaff(app, 'schalter@musterstadt.example', 'caseworker')).client;
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const TODAY = officeToday(Date.now());
const day = (offset: number) =>
  new Date(Date.parse(`${TODAY}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const german = (iso: string) => iso.split('-').reverse().join('.');
const LOCALES = ['de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa'];

/**
 * The register as the office's software exports it for Excel: German headers, semicolons, CRLF, a
 * BOM. 2,000 rows: most expire in 200 to 299 days, a few soon (the reminders), twelve are bad.
 */
function register(): { csv: string; bad: Map<number, string>; soon: Map<string, { locale: string; expires: string }> } {
  const rows: string[] = [];
  for (let k = 0; k < 2000; k += 1)
    rows.push(
      `Vorname${k};Nachname${k};1980-01-01;holder${k}@example.org;${LOCALES[k % 7]};§ 18b AufenthG;${day(200 + (k % 100))}`,
    );
  const soon = new Map<string, { locale: string; expires: string }>();
  const setSoon = (
    k: number,
    first: string,
    last: string,
    email: string,
    locale: string,
    offset: number,
    dotted = false,
  ) => {
    rows[k] = `${first};${last};1985-05-05;${email};${locale};AE;${dotted ? german(day(offset)) : day(offset)}`;
    soon.set(email, { locale: locale || 'de', expires: day(offset) });
  };
  setSoon(5, 'Amina', 'Haddad', 'amina@example.org', 'ar', 10);
  setSoon(6, 'Jonas', 'Müller', 'jonas@example.org', '', 28, true);
  setSoon(7, 'Elif', 'Yılmaz', 'elif@example.org', 'TR', 0);
  setSoon(8, 'Olena', 'Koval', 'olena@example.org', 'uk', 27);
  setSoon(9, 'Reza', 'Ahmadi', 'reza@example.org', 'fa', 1);
  setSoon(10, 'Outside', 'Four', 'later29@example.org', 'en', 29);
  setSoon(11, 'Outside', 'Nine', 'later60@example.org', 'ru', 60);
  // Renewed early: the register holds the old permit (due soon) and the new one; no reminder.
  rows[12] = `Sam;Early;1990-01-01;renewed@example.org;en;AE;${day(10)}`;
  rows[13] = `Sam;Early;1990-01-01;renewed@example.org;en;AE;${day(400)}`;
  const bad = new Map<number, [string, string]>([
    [100, [`A;B;;bad100@example.org;de;;${day(50)};surplus`, 'malformed']],
    [200, [`Ana;"Sil;;bad200@example.org;de;;${day(50)}`, 'malformed']],
    [300, [`A;"B"x;;bad300@example.org;de;;${day(50)}`, 'malformed']],
    [400, [`A;${'x'.repeat(120)};;bad400@example.org;de;;${day(50)}`, 'tooLong']],
    [500, [`A;;;bad500@example.org;de;;${day(50)}`, 'missingField']],
    [600, [`A;B;;;de;;${day(50)}`, 'missingField']],
    [700, [`A;B;;bad700-at-example.org;de;;${day(50)}`, 'badEmail']],
    [800, [`A;B;;bad800@example.org;de;;31.02.${day(50).slice(0, 4)}`, 'badDate']],
    [900, [`A;B;12/24/1980;bad900@example.org;de;;${day(50)}`, 'badDate']],
    [1000, [`A;B;;bad1000@example.org;fr;;${day(50)}`, 'badLocale']],
    [1100, [`A;B;;bad1100@example.org;de;;${day(-1)}`, 'expired']],
    [
      1200,
      [
        rows[1]!
          .toUpperCase()
          .replace('§ 18B AUFENTHG', 'AE')
          .replace(/;(\d{4}-\d{2}-\d{2})$/, (_, d: string) => `;${german(d)}`),
        'duplicate',
      ],
    ],
  ]);
  for (const [k, [row]] of bad) rows[k] = row;
  const csv = `\uFEFFVorname;Nachname;Geburtsdatum;E-Mail;Sprache;Titel;Gueltig_bis\r\n${rows.join('\r\n')}\r\n`;
  // Line numbers in the file: the header is line 1.
  return { csv, bad: new Map([...bad].map(([k, [, reason]]) => [k + 2, reason])), soon };
}

async function upload(client: Client, csv: string | Uint8Array, name = 'register.csv') {
  const page = await client.get('/staff/renewals');
  const form = new FormData();
  form.append('_csrf', csrfIn(page.html));
  form.append('file', new Blob([typeof csv === 'string' ? csv : Buffer.from(csv)], { type: 'text/csv' }), name);
  return client.postMultipart('/staff/renewals/imports', form);
}

interface Progress {
  status: string;
  total: number;
  processed: number;
  accepted: number;
  rejected: number;
  countText: string;
}

async function progressOf(id: string): Promise<Progress> {
  const response = await lead.get(`/staff/renewals/imports/${id}/progress.json`);
  assert.equal(response.status, 200);
  return JSON.parse(response.html) as Progress;
}

async function finished(id: string): Promise<{ final: Progress; seen: number[] }> {
  const seen: number[] = [];
  for (let i = 0; i < 300; i += 1) {
    const state = await progressOf(id);
    seen.push(state.processed);
    if (state.status === 'done' || state.status === 'failed') return { final: state, seen };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the import did not finish');
}

/** Runs a job now and waits until pg-boss has completed it. */
async function runJob(name: string): Promise<void> {
  const completed = async () =>
    Number(
      (
        await app.db.owner.query<{ n: string }>(
          "SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state IN ('completed', 'failed')",
          [name],
        )
      ).rows[0]!.n,
    );
  const before = await completed();
  await app.jobs.runNow(name);
  for (let i = 0; i < 200; i += 1) {
    if ((await completed()) > before) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${name} did not complete`);
}

/** Recipients of mails to holders (staff addresses are @musterstadt.example). */
const holdersWritten = () =>
  mailbox.messages
    .flatMap((m) => m.to)
    .filter((to) => to.endsWith('@example.org'))
    .sort();
const count = async (sql: string, values: unknown[] = []) =>
  Number((await app.db.owner.query<{ n: string }>(sql, values)).rows[0]!.n);
const importIdOf = (location: string | null) =>
  /^\/staff\/renewals\/imports\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1];

test('caseworkers get 403 on every renewals page and action; the nav shows the page only to whom it is for', async () => {
  const id = '00000000-0000-4000-8000-000000000001';
  for (const path of [
    '/staff/renewals',
    `/staff/renewals/imports/${id}`,
    `/staff/renewals/imports/${id}/progress.json`,
    '/staff/renewals/imports/not-a-uuid',
    `/staff/renewals/imports/${'x'.repeat(50)}/progress.json`,
  ]) {
    assert.equal((await caseworker.get(path)).status, 403, path);
  }
  const profile = await caseworker.get('/staff/profile');
  assert.doesNotMatch(profile.html, /href="\/staff\/renewals"/);
  const form = new FormData();
  form.append('_csrf', csrfIn(profile.html));
  form.append('file', new Blob([register().csv], { type: 'text/csv' }), 'register.csv');
  assert.equal((await caseworker.postMultipart('/staff/renewals/imports', form)).status, 403);
  assert.equal(
    (await caseworker.post('/staff/renewals/settings', { _csrf: csrfIn(profile.html), weeksBefore: '3' })).status,
    403,
  );
  assert.equal(await count('SELECT count(*) AS n FROM permit_imports'), 0);
  assert.equal(await count('SELECT count(*) AS n FROM renewal_settings'), 0);
  assert.match((await lead.get('/staff/profile')).html, /href="\/staff\/renewals"/);
  // Without a session: the sign-in page; with a session but no token: refused.
  assert.equal((await new Client(app.base).get('/staff/renewals')).status, 303);
  const noToken = new FormData();
  noToken.append('file', new Blob(['x'], { type: 'text/csv' }), 'x.csv');
  assert.equal((await lead.postMultipart('/staff/renewals/imports', noToken)).status, 403);
});

test('files that cannot be a register are refused at once, saying why', async () => {
  const latin1 = Uint8Array.from(
    [...'nachname;e-mail;gueltig_bis\nM', 0xfc, ...'ller;m@example.org;01.01.2030\n'].map((c) =>
      typeof c === 'number' ? c : c.charCodeAt(0),
    ),
  );
  const encoding = await upload(lead, latin1);
  assert.equal(encoding.status, 422);
  assert.match(encoding.html, /kein UTF-8-Text/);
  const columns = await upload(lead, 'vorname;nachname;sprache\nA;B;de\n');
  assert.equal(columns.status, 422);
  assert.match(columns.html, /fehlen Spalten: E-Mail, gültig bis/);
  const page = await lead.get('/staff/renewals');
  const empty = new FormData();
  empty.append('_csrf', csrfIn(page.html));
  const none = await lead.postMultipart('/staff/renewals/imports', empty);
  assert.equal(none.status, 400);
  assert.match(none.html, /Bitte wählen Sie eine CSV-Datei aus/);
  assert.equal(await count('SELECT count(*) AS n FROM permit_imports'), 0);
});

test('a team lead loads 2,000 rows: the job imports them in chunks, the report names each bad line and why; loading again adds nothing', async () => {
  const { csv, bad } = register();
  const sent = await upload(lead, csv, 'Register März.csv');
  assert.equal(sent.status, 303, sent.html.slice(0, 300));
  const id = importIdOf(sent.location);
  assert.ok(id, `redirected to ${sent.location}`);
  await app.jobs.runNow(IMPORT_JOB);
  const { final, seen } = await finished(id);
  assert.deepEqual(
    {
      status: final.status,
      total: final.total,
      processed: final.processed,
      accepted: final.accepted,
      rejected: final.rejected,
    },
    { status: 'done', total: 2000, processed: 2000, accepted: 1988, rejected: 12 },
  );
  assert.equal(final.countText, '2.000 von 2.000 Zeilen');
  // Progress moves in stored chunks of 500 rows.
  for (const processed of seen) assert.ok(processed % 500 === 0, `progress ${processed}`);

  const report = await lead.get(`/staff/renewals/imports/${id}`);
  assert.equal(report.status, 200);
  assert.match(report.html, /<progress id="import-bar" max="2000" value="2000"/);
  assert.match(report.html, /Register März\.csv/);
  const listed = new Map(
    [...report.html.matchAll(/data-rejected-line="(\d+)" data-reason="([a-zA-Z]+)"/g)].map((m) => [Number(m[1]), m[2]]),
  );
  assert.deepEqual(
    [...listed].sort((a, b) => a[0] - b[0]),
    [...bad].sort((a, b) => a[0] - b[0]),
  );
  for (const text of [
    'Zeile nicht lesbar',
    'Eintrag zu lang (Spalte: Nachname)',
    'Pflichtangabe fehlt (Spalte: E-Mail)',
    'Keine gültige E-Mail-Adresse',
    'Kein gültiges Datum (erwartet wie 31.12.2026 oder 2026-12-31) (Spalte: Geburtsdatum)',
    'Unbekannte Sprache',
    'Titel bereits abgelaufen',
    'Doppelt: dieselbe Person',
  ]) {
    assert.ok(report.html.includes(text), text);
  }
  assert.doesNotMatch(report.html, /import-progress/, 'a finished import needs no script');

  // Nothing stored for the bad rows; the duplicate did not make a second row; the file itself is gone.
  assert.equal(await count("SELECT count(*) AS n FROM issued_permits WHERE email LIKE 'bad%'"), 0);
  assert.equal(await count("SELECT count(*) AS n FROM issued_permits WHERE lower(email) = 'holder1@example.org'"), 1);
  assert.equal(await count('SELECT count(*) AS n FROM issued_permits'), 1988);
  assert.equal(await count('SELECT count(*) AS n FROM permit_imports WHERE source IS NOT NULL'), 0);
  const stored = (
    await app.db.owner.query(
      "SELECT first_name, last_name, locale, expires_on::text AS expires FROM issued_permits WHERE email = 'jonas@example.org'",
    )
  ).rows[0];
  assert.deepEqual(stored, { first_name: 'Jonas', last_name: 'Müller', locale: 'de', expires: day(28) });
  assert.equal(
    await count("SELECT count(*) AS n FROM audit_log WHERE action = 'renewals.import_started' AND object_id = $1", [
      id,
    ]),
    1,
  );

  const again = await upload(lead, csv);
  const secondId = importIdOf(again.location)!;
  await app.jobs.runNow(IMPORT_JOB);
  const second = await finished(secondId);
  assert.equal(second.final.accepted, 1988);
  assert.equal(await count('SELECT count(*) AS n FROM issued_permits'), 1988, 'no duplicates');
  assert.equal(await count('SELECT new_rows AS n FROM permit_imports WHERE id = $1', [secondId]), 0);
  const overview = await lead.get('/staff/renewals');
  assert.match(overview.html, /Register März\.csv/);
  assert.match(overview.html, /Gültige Titel im Register: 1\.988\./);
});

test('the daily job writes to exactly the holders due within the set weeks, in their language, each once', async () => {
  const { soon } = register();
  const refused = await lead.submit('/staff/renewals', '/staff/renewals/settings', { weeksBefore: '27' });
  assert.equal(refused.status, 400);
  assert.match(refused.html, /ganze Zahl von 1 bis 26/);
  const saved = await lead.submit('/staff/renewals', '/staff/renewals/settings', { weeksBefore: '4' });
  assert.equal(saved.location, '/staff/renewals?notice=saved');
  assert.equal(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'renewals.settings_changed'"), 1);

  const within = [...soon]
    .filter(([, p]) => p.expires <= day(28))
    .map(([email]) => email)
    .sort();
  assert.deepEqual(within, [
    'amina@example.org',
    'elif@example.org',
    'jonas@example.org',
    'olena@example.org',
    'reza@example.org',
  ]);
  await runJob(REMINDER_JOB);
  await Promise.all(within.map((email) => mailbox.waitFor((m) => m.to.includes(email))));
  await runJob(REMINDER_JOB);
  await outboxSettled(app.db.owner);
  assert.deepEqual(holdersWritten(), within, 'exactly those, once each');

  const base = app.appointments.links.base;
  const arabic = mailbox.messages.find((m) => m.to.includes('amina@example.org'))!;
  assert.equal(arabic.subject, `ينتهي تصريح إقامتك في ${formatExpiry('ar', day(10))} – جدِّده الآن عبر الإنترنت`);
  assert.ok(arabic.text.includes('مرحبًا Amina Haddad،'), arabic.text);
  assert.ok(arabic.text.includes(`${base}/ar/apply/residence-permit-extension`), arabic.text);
  const germanMail = mailbox.messages.find((m) => m.to.includes('jonas@example.org'))!;
  assert.equal(
    germanMail.subject,
    `Ihr Aufenthaltstitel läuft am ${formatExpiry('de', day(28))} ab – jetzt online verlängern`,
  );
  assert.ok(germanMail.text.includes('Guten Tag Jonas Müller,'), germanMail.text);
  assert.ok(germanMail.text.includes(`${base}/de/apply/residence-permit-extension`), germanMail.text);
  assert.match(germanMail.text, /Ausländerbehörde|Musterstadt/);
  assert.ok(
    mailbox.messages
      .find((m) => m.to.includes('reza@example.org'))!
      .text.includes(`${base}/fa/apply/residence-permit-extension`),
  );
  assert.equal(await count('SELECT count(*) AS n FROM issued_permits WHERE notified_at IS NOT NULL'), within.length);

  // A longer window reaches the next holders, and still nobody twice.
  await lead.submit('/staff/renewals', '/staff/renewals/settings', { weeksBefore: '9' });
  await runJob(REMINDER_JOB);
  await mailbox.waitFor((m) => m.to.includes('later60@example.org'));
  await outboxSettled(app.db.owner);
  assert.deepEqual(holdersWritten(), [...within, 'later29@example.org', 'later60@example.org'].sort());
  assert.ok(
    mailbox.messages.find((m) => m.to.includes('later60@example.org'))!.subject.startsWith('Ваш вид на жительство'),
  );
  assert.equal(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'renewals.reminders_sent'"), 2);
});

test('while an import runs its page carries the bar, the polling script and a refresh link', async () => {
  const t = staffTranslator('de');
  const running = {
    id: '00000000-0000-4000-8000-0000000000aa',
    fileName: 'r.csv',
    createdAt: new Date(),
    finishedAt: null,
    status: 'running' as const,
    totalRows: 2000,
    processedRows: 500,
    acceptedRows: 499,
    newRows: 499,
    rejectedRows: 1,
    rejected: [],
  };
  const html = render(ImportPage({ page: { t, siteName: 'Test' }, report: running }));
  assert.match(html, /<progress id="import-bar" max="2000" value="500"/);
  assert.ok(html.includes(`src="${assetHref('import-progress.js')}"`));
  assert.match(
    html,
    /data-import-progress="\/staff\/renewals\/imports\/00000000-0000-4000-8000-0000000000aa\/progress.json"/,
  );
  assert.match(html, /Stand aktualisieren/);
  const script = await fetch(app.base + assetHref('import-progress.js'));
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /javascript/);
});
