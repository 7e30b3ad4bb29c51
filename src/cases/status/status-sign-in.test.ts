import { outboxSettled } from '../../../test/helpers/outbox.js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { applyOnline, multipartForm, pdfBytes } from '../../../test/helpers/applications.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox, type ReceivedMail } from '../../../test/helpers/mailbox.js';
import { signedInStaff } from '../../../test/helpers/staff.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { addDays } from '../../platform/clock/office-time.js';
import { withoutTenant } from '../../platform/database/index.js';
import { LOCALES, type Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import { STATUS_COOKIE } from './status-session.js';

/**
 * The second way to the status page: a one-time code by e-mail. Same answer for every address,
 * codes limited and single-use, a 30-minute session that reaches only the address's own cases,
 * and the status page, upload and receipt working under it.
 */

let app: TestApp;
let mailbox: Mailbox;
let caseworker: Client;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    LOGIN_ATTEMPTS_PER_IP: '1000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
  caseworker = (await signedInStaff(app, 'bearbeitung@musterstadt.example', 'caseworker')).client;
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const de = translator('de');
const mailsTo = (address: string) =>
  mailbox.messages.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
const codeIn = (mail: ReceivedMail) => /^\s*(\d{6})\s*$/m.exec(mail.text)![1]!;
const CODE_SUBJECTS = new Set(LOCALES.map((l) => translator(l).t('mail.statusCode.subject')));
const codeMails = (address: string) => mailsTo(address).filter((m) => CODE_SUBJECTS.has(m.subject));
/** The n-th code mail (from 1) to an address, once it has arrived (it is sent after the answer). */
async function nthCode(address: string, n: number): Promise<string> {
  await mailbox.waitFor(() => codeMails(address).length >= n);
  return codeIn(codeMails(address)[n - 1]!);
}
/** What the reader sees of a message: the page escapes what it shows, so compare with the escaped text. */
const shown = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function requestCode(client: Client, email: string, locale: Locale = 'de') {
  const form = await client.get(`/${locale}/status`);
  assert.equal(form.status, 200);
  return client.post(`/${locale}/status/code`, { _csrf: csrfIn(form.html), email });
}

async function signIn(client: Client, email: string, code: string, locale: Locale = 'de') {
  const form = await client.get(`/${locale}/status`);
  return client.post(`/${locale}/status/sign-in`, { _csrf: csrfIn(form.html), email, code });
}

/** Asks for a code, reads it from the mail, and signs the client in. */
async function signedIn(email: string, locale: Locale = 'de'): Promise<Client> {
  const client = new Client(app.base);
  const before = codeMails(email).length;
  assert.equal((await requestCode(client, email, locale)).status, 200);
  const done = await signIn(client, email, await nthCode(email, before + 1), locale);
  assert.equal(done.status, 303, done.html.slice(0, 300));
  return client;
}

async function requestDocument(caseId: string, reference: string, email: string): Promise<void> {
  const view = await caseworker.get(`/staff/cases/${caseId}`);
  const requested = await caseworker.post(`/staff/cases/${caseId}/requests`, {
    _csrf: csrfIn(view.html),
    documents: ['health-insurance'],
    template: 'missing',
    dueOn: addDays(officeToday(Date.now()), 14),
  });
  assert.match(requested.location!, /notice=done/);
  await mailbox.waitFor(
    (m) => mailsTo(email).includes(m) && m.subject.includes(reference) && m.attachments.length === 0,
  );
}

test('an unknown address gets exactly the answer a known one gets, and no mail; a wrong code there reads the same too', async () => {
  await applyOnline(app, mailbox, {
    firstName: 'Nour',
    lastName: 'Saleh',
    birthDate: '1992-05-06',
    email: 'nour@example.org',
    locale: 'tr',
  });
  const stranger = await requestCode(new Client(app.base), 'nobody@example.org', 'tr');
  const known = await requestCode(new Client(app.base), 'nour@example.org', 'tr');
  assert.equal(stranger.status, 200);
  assert.equal(known.status, 200);
  const neutral = (html: string) =>
    html.replace(/name="_csrf" value="[^"]+"/, '').replace(/nobody@example\.org|nour@example\.org/g, 'ADDRESS');
  assert.equal(neutral(stranger.html), neutral(known.html), 'the two answers differ only in the address typed');
  assert.ok(known.html.includes(shown(translator('tr').t('statusSignIn.sent', { email: 'nour@example.org' }))));

  const mail = await mailbox.waitFor(
    (m) => mailsTo('nour@example.org').includes(m) && m.subject === translator('tr').t('mail.statusCode.subject'),
  );
  assert.match(codeIn(mail), /^\d{6}$/);
  await outboxSettled(app.db.owner);
  assert.equal(mailsTo('nobody@example.org').length, 0, 'no mail to an address without applications');
  const queued = await app.db.owner.query("SELECT 1 FROM mail_outbox WHERE recipient = 'nobody@example.org'");
  assert.equal(queued.rows.length, 0, 'nor is one queued');
  const stored = await app.db.owner.query<{ code_hash: Buffer }>('SELECT code_hash FROM status_codes');
  assert.equal(stored.rows.length, 2, 'both requests left a row, so limits treat them alike');
  assert.ok(
    stored.rows.every((r) => !r.code_hash.includes(Buffer.from(codeIn(mail)))),
    'only a hash of the code is stored',
  );
  for (const table of ['status_codes', 'status_sessions']) {
    const unscoped = await withoutTenant(app.db.pool, (tx) =>
      tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`),
    );
    assert.equal(unscoped.rows[0]!.n, 0, `${table}: no rows without a tenant (row-level security)`);
  }

  const wrongCode = codeIn(mail) === '000000' ? '111111' : '000000';
  const wrongThere = await signIn(new Client(app.base), 'nobody@example.org', wrongCode, 'tr');
  const wrongHere = await signIn(new Client(app.base), 'nour@example.org', wrongCode, 'tr');
  assert.equal(wrongThere.status, 400);
  assert.equal(neutral(wrongThere.html), neutral(wrongHere.html));
  assert.ok(wrongHere.html.includes(shown(translator('tr').t('statusSignIn.wrongCode', { left: 4 }))));
});

test('a wrong code is refused with a message; a typo is not counted; five wrong tries void the code, the right one too', async () => {
  const email = 'tomasz@example.org';
  await applyOnline(app, mailbox, {
    firstName: 'Tomasz',
    lastName: 'Nowak',
    birthDate: '1980-01-02',
    email,
    locale: 'de',
  });
  const client = new Client(app.base);
  await requestCode(client, email);
  const code = await nthCode(email, 1);
  const wrong = code === '999999' ? '888888' : '999999';

  const typo = await signIn(client, email, '12a');
  assert.equal(typo.status, 400);
  assert.ok(typo.html.includes(shown(de.t('statusSignIn.codeFormat'))));
  for (let left = 4; left >= 1; left -= 1) {
    const refused = await signIn(client, email, wrong);
    assert.equal(refused.status, 400);
    assert.ok(refused.html.includes(shown(de.t('statusSignIn.wrongCode', { left }))), `${left} left`);
    assert.match(refused.html, /aria-invalid="true"/);
  }
  const fifth = await signIn(client, email, wrong);
  assert.ok(fifth.html.includes(shown(de.t('statusSignIn.codeVoid'))));
  const late = await signIn(client, email, code);
  assert.equal(late.status, 400);
  assert.ok(late.html.includes(shown(de.t('statusSignIn.codeVoid'))), 'the right code no longer works');
  assert.equal(client.cookie(STATUS_COOKIE), undefined);
});

test('the right code signs in: the list, the status page, an upload of a requested document, the receipt; a code works once; sign out', async () => {
  const email = 'amina.haddad@example.org';
  const first = await applyOnline(app, mailbox, {
    firstName: 'Amina',
    lastName: 'Haddad',
    birthDate: '1988-08-18',
    email: 'Amina.Haddad@Example.org',
    locale: 'ar',
  });
  const second = await applyOnline(app, mailbox, {
    firstName: 'Amina',
    lastName: 'Haddad',
    birthDate: '1988-08-18',
    email,
    locale: 'ar',
  });
  await requestDocument(first.caseId, first.reference, 'Amina.Haddad@Example.org');

  const client = new Client(app.base);
  const asked = await requestCode(client, ' AMINA.haddad@example.ORG ', 'ar');
  assert.equal(asked.status, 200);
  const mail = await mailbox.waitFor(
    (m) => mailsTo(email).includes(m) && m.subject === translator('ar').t('mail.statusCode.subject'),
  );
  assert.ok(
    mail.text.includes(
      translator('ar')
        .t('mail.statusCode.body', { code: codeIn(mail), authority: 'X' })
        .split('\n')[0]!,
    ),
    'the mail is in Arabic',
  );

  const form = await client.get('/ar/status');
  const response = await fetch(`${app.base}/ar/status/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: client.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: csrfIn(form.html),
      email: 'amina.haddad@example.org',
      code: codeIn(mail),
    }).toString(),
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/ar/status/mine');
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${STATUS_COOKIE}=`))!;
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  assert.match(cookie, /Max-Age=1800/);
  const token = /^[^=]+=([^;]+)/.exec(cookie)![1]!;
  client.setCookie(STATUS_COOKIE, token);
  const {
    rows: [session],
  } = await app.db.owner.query<{ email: string; minutes: number }>(
    `SELECT email, round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes FROM status_sessions`,
  );
  assert.deepEqual(session, { email, minutes: 30 });
  const audited = async () =>
    Number((await app.db.owner.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);
  const auditBefore = await audited();

  const ar = translator('ar');
  const list = await client.get('/ar/status/mine');
  assert.equal(list.status, 200);
  const serviceName = (
    await app.db.owner.query<{ name: string }>(
      `SELECT t.name FROM service_texts t JOIN services s ON s.id = t.service_id WHERE s.slug = 'residence-permit-extension' AND t.locale = 'ar'`,
    )
  ).rows[0]!.name;
  assert.ok(list.html.includes(shown(serviceName)), 'the service in Arabic');
  assert.ok(
    list.html.includes(shown(ar.t('case.state.incomplete'))) && list.html.includes(shown(ar.t('case.state.received'))),
  );
  for (const reference of [first.reference, second.reference])
    assert.ok(list.html.includes(`href="/ar/status/mine/${reference}"`), reference);
  assert.match(list.html, /dir="rtl"/);

  const page = await client.get(`/ar/status/mine/${first.reference}`);
  assert.equal(page.status, 200);
  assert.match(page.html, /data-state="incomplete"/);
  assert.match(page.html, /name="file:health-insurance"/);
  assert.doesNotMatch(page.html, /name="birthDate"/, 'no date of birth needed when signed in');
  assert.equal(page.html.includes('1988'), false);

  const receipt = await fetch(`${app.base}/ar/status/mine/${first.reference}/receipt`, {
    method: 'POST',
    headers: { cookie: client.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfIn(page.html) }).toString(),
  });
  assert.equal(receipt.status, 200);
  assert.equal(receipt.headers.get('content-type'), 'application/pdf');
  assert.equal(
    Buffer.from(await receipt.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
  assert.equal(await audited(), auditBefore, 'the person reading their own case is not an office access');

  const uploaded = await client.postMultipart(
    `/ar/status/mine/${first.reference}/documents`,
    multipartForm({ _csrf: csrfIn(page.html) }, [
      { field: 'health-insurance', name: 'versicherung.pdf', bytes: await pdfBytes(1), type: 'application/pdf' },
    ]),
  );
  assert.equal(uploaded.status, 200, uploaded.html.slice(0, 300));
  assert.ok(uploaded.html.includes(shown(ar.t('status.uploaded'))));
  assert.doesNotMatch(uploaded.html, /name="file:health-insurance"/, 'nothing is requested any more');
  assert.match(uploaded.html, /data-state="in_review"/);
  const files = await app.db.owner.query<{ n: string }>(
    `SELECT count(*) AS n FROM application_files WHERE case_id = $1 AND document_slug = 'health-insurance'`,
    [first.caseId],
  );
  assert.equal(files.rows[0]!.n, '1');

  const again = await signIn(new Client(app.base), email, codeIn(mail), 'ar');
  assert.equal(again.status, 400);
  assert.ok(again.html.includes(shown(ar.t('statusSignIn.codeVoid'))), 'a code works once');

  const out = await client.post('/ar/status/sign-out', { _csrf: csrfIn(page.html) });
  assert.equal(out.status, 303);
  assert.equal(out.location, '/ar/status?ended=out');
  assert.ok((await client.get(out.location)).html.includes(shown(ar.t('statusSignIn.signedOut'))));
  assert.equal(
    (
      await app.db.owner.query('SELECT 1 FROM status_sessions WHERE token_hash = sha256($1::bytea)', [
        Buffer.from(token),
      ])
    ).rows.length,
    0,
  );
  client.setCookie(STATUS_COOKIE, token);
  assert.equal(
    (await client.get('/ar/status/mine')).location,
    '/ar/status?ended=expired',
    'the copied cookie opens nothing',
  );
});

test("a session reaches only its own address: another address's case is not found", async () => {
  const other = await applyOnline(app, mailbox, {
    firstName: 'Lena',
    lastName: 'Berg',
    birthDate: '1975-03-04',
    email: 'lena@example.org',
    locale: 'de',
  });
  await requestDocument(other.caseId, other.reference, 'lena@example.org');
  await applyOnline(app, mailbox, {
    firstName: 'Omar',
    lastName: 'Aziz',
    birthDate: '1990-10-10',
    email: 'omar@example.org',
    locale: 'de',
  });
  const omar = await signedIn('omar@example.org');
  const list = await omar.get('/de/status/mine');
  assert.doesNotMatch(list.html, new RegExp(other.reference));
  assert.equal((await omar.get(`/de/status/mine/${other.reference}`)).status, 404);
  assert.equal((await omar.get('/de/status/mine/not-a-reference')).status, 404);
  const csrf = csrfIn(list.html);
  assert.equal((await omar.post(`/de/status/mine/${other.reference}/receipt`, { _csrf: csrf })).status, 404);
  const upload = await omar.postMultipart(
    `/de/status/mine/${other.reference}/documents`,
    multipartForm({ _csrf: csrf }, [
      { field: 'health-insurance', name: 'x.pdf', bytes: await pdfBytes(1), type: 'application/pdf' },
    ]),
  );
  assert.equal(upload.status, 404);
  const files = await app.db.owner.query<{ n: string }>(
    `SELECT count(*) AS n FROM application_files WHERE case_id = $1 AND document_slug = 'health-insurance'`,
    [other.caseId],
  );
  assert.equal(files.rows[0]!.n, '0', 'nothing was stored on the other case');
});

test('an ended session and an expired code lead back to the e-mail form with a clear message, never an error', async () => {
  const email = 'yusuf@example.org';
  const { reference } = await applyOnline(app, mailbox, {
    firstName: 'Yusuf',
    lastName: 'Kaya',
    birthDate: '1983-12-12',
    email,
    locale: 'de',
  });
  const client = await signedIn(email);
  assert.equal((await client.get('/de/status/mine')).status, 200);
  const page = await client.get(`/de/status/mine/${reference}`);
  assert.equal(page.status, 200);
  await app.db.owner.query(`UPDATE status_sessions SET expires_at = now() - interval '1 second' WHERE email = $1`, [
    email,
  ]);
  for (const response of [
    await client.get('/de/status/mine'),
    await client.get(`/de/status/mine/${reference}`),
    await client.post(`/de/status/mine/${reference}/receipt`, { _csrf: csrfIn(page.html) }),
    await client.postMultipart(
      `/de/status/mine/${reference}/documents`,
      multipartForm({ _csrf: csrfIn(page.html) }, []),
    ),
  ]) {
    assert.equal(response.status, 303);
    assert.equal(response.location, '/de/status?ended=expired');
  }
  const form = await client.get('/de/status?ended=expired');
  assert.equal(form.status, 200);
  assert.ok(form.html.includes(shown(de.t('statusSignIn.expired'))));
  assert.equal(
    (await new Client(app.base).get('/de/status/mine')).location,
    '/de/status?ended=expired',
    'never signed in: the same way back',
  );

  await requestCode(client, email);
  const code = await nthCode(email, 2);
  await app.db.owner.query(`UPDATE status_codes SET expires_at = now() - interval '1 second' WHERE expires_at > now()`);
  const late = await signIn(client, email, code);
  assert.equal(late.status, 400);
  assert.ok(late.html.includes(shown(de.t('statusSignIn.codeVoid'))));
});

test('at most three codes per address and hour; only the newest one works; forms need their CSRF token; a bad address is named', async () => {
  const email = 'chen@example.org';
  await applyOnline(app, mailbox, { firstName: 'Chen', lastName: 'Li', birthDate: '1995-07-07', email, locale: 'de' });
  const client = new Client(app.base);
  const codes: string[] = [];
  for (let i = 1; i <= 3; i += 1) {
    await requestCode(client, email);
    codes.push(await nthCode(email, i));
  }
  const fourth = await requestCode(client, email);
  assert.equal(fourth.status, 200, 'the same answer');
  assert.ok(fourth.html.includes(shown(de.t('statusSignIn.sent', { email }))));
  await outboxSettled(app.db.owner);
  assert.equal(codeMails(email).length, 3, 'no fourth mail');
  if (codes[0] !== codes[2]) {
    const old = await signIn(client, email, codes[0]!);
    assert.ok(old.html.includes(shown(de.t('statusSignIn.wrongCode', { left: 4 }))), 'an older code no longer works');
  }
  assert.equal((await signIn(client, email, codes[2]!)).status, 303);

  const forged = await new Client(app.base).post('/de/status/code', { email, _csrf: 'forged' });
  assert.equal(forged.status, 403);
  assert.equal((await new Client(app.base).post('/de/status/sign-in', { email, code: '123456' })).status, 403);
  for (const path of [
    '/de/status/code',
    '/de/status/sign-in',
    '/de/status/sign-out',
    `/de/status/mine/A-AAAA-AAAA/receipt`,
    `/de/status/mine/A-AAAA-AAAA/documents`,
  ]) {
    const empty = await fetch(`${app.base}${path}`, { method: 'POST', redirect: 'manual' });
    assert.ok(empty.status >= 300 && empty.status < 500, `${path} without a body: ${empty.status}`);
  }
  const bad = await requestCode(new Client(app.base), 'not an address');
  assert.equal(bad.status, 400);
  assert.ok(bad.html.includes(shown(de.t('statusSignIn.emailInvalid'))));
  assert.match(bad.html, /href="#email"/);
});

test("the way there: the start page and the status link's page lead to the sign-in with a code", async () => {
  const start = await new Client(app.base).get('/de');
  assert.match(start.html, /href="\/de\/status"/);
  const { statusPath } = await applyOnline(app, mailbox, {
    firstName: 'Ada',
    lastName: 'Roth',
    birthDate: '1970-01-01',
    email: 'ada@example.org',
    locale: 'de',
  });
  const gate = await new Client(app.base).get(statusPath);
  assert.match(gate.html, /href="\/de\/status"/);
  assert.ok(gate.html.includes(shown(de.t('statusSignIn.fromLink'))));
});

test("pages with a person's data and secrets go out uncompressed (no length side channel); other pages are compressed", async () => {
  const { statusPath } = await applyOnline(app, mailbox, {
    firstName: 'Ana',
    lastName: 'Lima',
    birthDate: '1991-03-04',
    email: 'ana@example.org',
    locale: 'de',
  });
  const encodingOf = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${app.base}${path}`, {
      ...init,
      headers: { 'accept-encoding': 'br, gzip', ...init.headers },
    });
    await response.arrayBuffer();
    assert.equal(response.status, 200, path);
    return response.headers.get('content-encoding');
  };
  const client = new Client(app.base);
  const gate = await client.get(statusPath);
  const posted = {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookieHeader },
    body: new URLSearchParams({ _csrf: csrfIn(gate.html), birthDate: '1991-03-04' }).toString(),
  };
  assert.equal(await encodingOf(statusPath, posted), null, 'the status page');
  assert.equal(await encodingOf(statusPath), null, "the status link's page");
  assert.equal(await encodingOf('/de/status'), null, 'the sign-in');
  assert.equal(await encodingOf('/de/apply/residence-permit-extension'), 'br', 'the application form, for comparison');
});
