import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { applyOnline, multipartForm, pdfBytes } from '../../../test/helpers/applications.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { pdfText } from '../../../test/helpers/pdf-text.js';
import { signedInStaff } from '../../../test/helpers/staff.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { addDays } from '../../platform/clock/office-time.js';

let app: TestApp;
let mailbox: Mailbox;
let caseworker: Client;
let lead: Client;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    LOGIN_ATTEMPTS_PER_IP: '1000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
  caseworker = (await signedInStaff(app, 'bearbeitung@musterstadt.example', 'caseworker')).client;
  lead = (await signedInStaff(app, 'teamleitung@musterstadt.example', 'team_lead')).client;
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

async function act(
  client: Client,
  caseId: string,
  action: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const page = await client.get(`/staff/cases/${caseId}`);
  const done = await client.post(`/staff/cases/${caseId}/actions/${action}`, { _csrf: csrfIn(page.html), ...fields });
  assert.equal(done.status, 303, `${action}: ${done.status}`);
  return new URL(done.location!, app.base).searchParams.get('notice')!;
}

async function state(caseId: string): Promise<string> {
  return (await app.db.owner.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [caseId])).rows[0]!
    .state;
}

test('inbox, case view and file view are audited; documents are requested and uploaded from the status page; the case goes back to review', async () => {
  const { reference, caseId, statusPath } = await applyOnline(app, mailbox, {
    firstName: 'Leyla',
    lastName: 'Ahmadi',
    birthDate: '1985-02-03',
    email: 'leyla@example.org',
    locale: 'fa',
  });
  const inbox = await caseworker.get('/staff/cases?deadline=&assigned=');
  assert.equal(inbox.status, 200);
  assert.match(inbox.html, new RegExp(reference));
  assert.match((await caseworker.get('/staff/cases?language=fa')).html, new RegExp(reference));
  assert.doesNotMatch((await caseworker.get('/staff/cases?language=tr')).html, new RegExp(reference));

  const view = await caseworker.get(`/staff/cases/${caseId}`);
  assert.equal(view.status, 200);
  assert.match(view.html, /Leyla Ahmadi/);
  const fileLink = /href="(\/staff\/cases\/[^"]+\/files\/[^"]+)"[^>]*>pass\.pdf</.exec(view.html)![1]!;
  const file = await fetch(`${app.base}${fileLink}`, { headers: { cookie: caseworker.cookieHeader } });
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(file.headers.get('content-security-policy') ?? '', /sandbox/);
  assert.equal(
    Buffer.from(await file.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
  const audit = await app.db.owner.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE object_id = $1 ORDER BY seq',
    [caseId],
  );
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['case.submitted', 'case.viewed', 'case.document_viewed'],
  );

  // An illegal step is refused with the machine's reason.
  assert.equal(await act(caseworker, caseId, 'grant'), 'not_allowed_from_state');
  const take = await caseworker.post(`/staff/cases/${caseId}/assign`, { _csrf: csrfIn(view.html), toMe: 'yes' });
  assert.equal(take.status, 303);

  const due = addDays(officeToday(Date.now()), 14);
  const badRequest = await caseworker.post(`/staff/cases/${caseId}/requests`, {
    _csrf: csrfIn(view.html),
    template: 'missing',
    dueOn: due,
  });
  assert.match(badRequest.location!, /notice=noDocuments/);
  const requested = await caseworker.post(`/staff/cases/${caseId}/requests`, {
    _csrf: csrfIn(view.html),
    documents: ['health-insurance'],
    template: 'missing',
    dueOn: due,
  });
  assert.match(requested.location!, /notice=done/);
  assert.equal(await state(caseId), 'incomplete');
  // Names other capabilities own: the service's German name, who is assigned, who acted and who wrote a note.
  const noted = await caseworker.post(`/staff/cases/${caseId}/notes`, {
    _csrf: csrfIn(view.html),
    body: 'Pass im Original gesehen.',
  });
  assert.match(noted.location!, /notice=done/);
  const row = new RegExp(`${reference}</a>[\\s\\S]*?</tr>`).exec((await caseworker.get('/staff/cases')).html)![0];
  assert.match(row, /<td>Aufenthaltserlaubnis verlängern<\/td>/);
  assert.match(row, /<td>Test<\/td><\/tr>/);
  const opened = (await caseworker.get(`/staff/cases/${caseId}`)).html;
  assert.match(opened, /\(Test\): Pass im Original gesehen\./);
  assert.match(opened, /→ [^<(]+ \(Test\)<\/li>/);
  const mail = await mailbox.waitFor(
    (m) =>
      m.to.includes('leyla@example.org') &&
      m.subject.includes(reference) &&
      m.text.includes('/status/') &&
      m.attachments.length === 0,
  );
  const link = new URL(/(https?:\/\/\S+\/status\/\S+)/.exec(mail.text)![1]!).pathname;
  assert.equal(link.split('/').pop(), statusPath.split('/').pop(), 'the request mail carries the status link again');

  // The applicant sees "action required" in Persian and uploads right there.
  const reader = new Client(app.base);
  const gate = await reader.get(link);
  const status = await reader.post(link, { _csrf: csrfIn(gate.html), birthDate: '1985-02-03' });
  assert.equal(status.status, 200);
  assert.match(status.html, /name="file:health-insurance"/);
  const uploaded = await reader.postMultipart(
    `${link}/documents`,
    multipartForm({ _csrf: csrfIn(status.html), birthDate: '1985-02-03' }, [
      { field: 'health-insurance', name: 'versicherung.pdf', bytes: await pdfBytes(1), type: 'application/pdf' },
    ]),
  );
  assert.equal(uploaded.status, 200, uploaded.html.slice(0, 300));
  assert.doesNotMatch(uploaded.html, /name="file:health-insurance"/, 'nothing is requested any more');
  assert.equal(await state(caseId), 'in_review');
  await mailbox.waitFor((m) => m.to.includes('bearbeitung@musterstadt.example') && m.subject.includes(reference));
  assert.match(
    (await caseworker.get('/staff/cases')).html,
    new RegExp(`${reference}</a><strong> \\(neue Unterlagen\\)`),
  );
});

test('a refusal needs a hearing, reasons, counselling information and a second person with the right role; no single user completes it', async () => {
  const { caseId, statusPath } = await applyOnline(app, mailbox, {
    firstName: 'Ivan',
    lastName: 'Petrenko',
    birthDate: '1979-09-09',
    email: 'ivan@example.org',
    locale: 'uk',
  });
  for (const step of ['start_review', 'mark_ready']) assert.equal(await act(caseworker, caseId, step), 'done');
  assert.equal(
    await act(caseworker, caseId, 'propose_refusal', {
      reasons: 'Die Voraussetzungen liegen nicht vor, weil …',
      counsellingInfoGiven: 'yes',
    }),
    'hearing_missing',
  );
  assert.equal(await act(caseworker, caseId, 'record_hearing', { heardOn: '' }), 'hearing_date_invalid');
  assert.equal(await act(caseworker, caseId, 'record_hearing', { heardOn: officeToday(Date.now()) }), 'done');
  assert.equal(await act(caseworker, caseId, 'propose_refusal', { reasons: 'zu kurz' }), 'reasons_too_short');
  assert.equal(
    await act(caseworker, caseId, 'propose_refusal', {
      reasons: 'Das Einkommen reicht nach den Unterlagen nicht für den Lebensunterhalt.',
    }),
    'counselling_missing',
  );
  assert.equal(
    await act(caseworker, caseId, 'propose_refusal', {
      reasons: 'Das Einkommen reicht nach den Unterlagen nicht für den Lebensunterhalt.',
      counsellingInfoGiven: 'yes',
    }),
    'done',
  );
  assert.equal(await act(caseworker, caseId, 'approve_refusal'), 'same_person', 'the proposer cannot approve');
  const colleague = (await signedInStaff(app, 'kollegin@musterstadt.example', 'caseworker')).client;
  assert.equal(
    await act(colleague, caseId, 'approve_refusal'),
    'role_missing',
    'a caseworker cannot be the second person',
  );
  assert.equal(await state(caseId), 'ready_for_decision');
  assert.equal(await act(lead, caseId, 'approve_refusal'), 'done');
  assert.equal(await state(caseId), 'refused');

  const reader = new Client(app.base);
  const gate = await reader.get(statusPath.replace('/de/', '/uk/'));
  const shown = await reader.post(statusPath.replace('/de/', '/uk/'), {
    _csrf: csrfIn(gate.html),
    birthDate: '1979-09-09',
  });
  assert.match(shown.html, /data-state="refused"/);
  const audit = await app.db.owner.query<{ action: string }>(
    "SELECT action FROM audit_log WHERE object_id = $1 AND action NOT IN ('case.viewed') ORDER BY seq",
    [caseId],
  );
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    [
      'case.submitted',
      'case.review_started',
      'case.ready_for_decision',
      'case.hearing_recorded',
      'case.refusal_proposed',
      'case.refused',
    ],
  );
});

test('a lead who proposed cannot approve their own refusal; granting leads to the card; partners cannot open cases', async () => {
  const { caseId } = await applyOnline(app, mailbox, {
    firstName: 'Ana',
    lastName: 'Silva',
    birthDate: '1992-12-01',
    email: 'ana@example.org',
    locale: 'en',
  });
  for (const step of ['start_review', 'mark_ready']) assert.equal(await act(lead, caseId, step), 'done');
  assert.equal(await act(lead, caseId, 'record_hearing', { heardOn: officeToday(Date.now()) }), 'done');
  assert.equal(
    await act(lead, caseId, 'propose_refusal', {
      reasons: 'Der Pass ist nicht mehr gültig und es wurde kein neuer vorgelegt.',
      counsellingInfoGiven: 'yes',
    }),
    'done',
  );
  assert.equal(await act(lead, caseId, 'approve_refusal'), 'same_person');
  assert.equal(await act(lead, caseId, 'withdraw_refusal'), 'done');
  for (const step of ['grant', 'order_card', 'card_arrived'])
    assert.equal(await act(caseworker, caseId, step), 'done', step);
  assert.equal(await state(caseId), 'ready_for_pickup');
  const partner = (await signedInStaff(app, 'partner@beratung.example', 'partner')).client;
  assert.equal((await partner.get(`/staff/cases/${caseId}`)).status, 403);
  assert.equal((await caseworker.get('/staff/cases/00000000-0000-0000-0000-000000000000')).status, 404);
});

test('a Fiktionsbescheinigung is recorded for an open case (which blank, until when, which fiction) and its data sheet printed', async () => {
  const { caseId, reference } = await applyOnline(app, mailbox, {
    firstName: 'Mira',
    lastName: 'Haddad',
    birthDate: '1995-05-05',
    email: 'mira@example.org',
    locale: 'ar',
  });
  const page = await caseworker.get(`/staff/cases/${caseId}`);
  assert.match(page.html, /§ 81 Abs\. 4/);
  const until = addDays(officeToday(Date.now()), 90);
  const bad = await caseworker.post(`/staff/cases/${caseId}/fiktionsbescheinigungen`, {
    _csrf: csrfIn(page.html),
    formNumber: 'x',
    validUntil: until,
  });
  assert.match(bad.location!, /notice=badNumber/);
  const tooLong = await caseworker.post(`/staff/cases/${caseId}/fiktionsbescheinigungen`, {
    _csrf: csrfIn(page.html),
    formNumber: 'D3A12345',
    validUntil: addDays(officeToday(Date.now()), 400),
  });
  assert.match(tooLong.location!, /notice=badValidity/);
  const issued = await caseworker.post(`/staff/cases/${caseId}/fiktionsbescheinigungen`, {
    _csrf: csrfIn(page.html),
    formNumber: 'd3a-12345',
    validUntil: until,
  });
  assert.match(issued.location!, /notice=done/);
  const again = await caseworker.post(`/staff/cases/${caseId}/fiktionsbescheinigungen`, {
    _csrf: csrfIn(page.html),
    formNumber: 'D3A12345',
    validUntil: until,
  });
  assert.match(again.location!, /notice=numberUsed/);
  const view = await caseworker.get(`/staff/cases/${caseId}`);
  const link = /href="(\/staff\/cases\/[^"]+\/fiktionsbescheinigungen\/[^"]+)"/.exec(view.html)![1]!;
  const pdf = await fetch(`${app.base}${link}`, { headers: { cookie: caseworker.cookieHeader } });
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
  for (const expected of ['D3A12345', 'Haddad, Mira', reference, '§ 81 Abs. 4 Satz 1'])
    assert.ok(text.includes(expected), expected);
  const { rows } = await app.db.owner.query<{ fiction: string }>(
    'SELECT fiction FROM fiktionsbescheinigungen WHERE case_id = $1',
    [caseId],
  );
  assert.deepEqual(rows, [{ fiction: '81_4' }]);
});
