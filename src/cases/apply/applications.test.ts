import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { EXTENSION_ANSWERS } from '../../../test/helpers/applications.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { signedInStaff } from '../../../test/helpers/staff.js';

let app: TestApp;
let mailbox: Mailbox;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOG_LEVEL: process.env.TEST_LOG ?? 'silent' });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const SERVICE = 'residence-permit-extension';
const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;

async function pdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i += 1) doc.addPage([200, 200]).drawText(`Seite ${i + 1}`);
  return doc.save();
}

/** A small valid PNG header (the check reads the IHDR chunk; the picture itself is not decoded). */
function png(width = 100, height = 120): Uint8Array {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const size = Buffer.alloc(8);
  size.writeUInt32BE(width, 0);
  size.writeUInt32BE(height, 4);
  return Buffer.concat([header, size, Buffer.from([8, 2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('IEND')]);
}

function form(
  csrf: string,
  action: 'save' | 'submit',
  person: Record<string, string>,
  files: { field: string; name: string; bytes: Uint8Array; type: string }[],
): FormData {
  const data = new FormData();
  data.append('_csrf', csrf);
  for (const [k, v] of Object.entries(person)) data.append(k, v);
  for (const f of files) data.append(`file:${f.field}`, new Blob([Buffer.from(f.bytes)], { type: f.type }), f.name);
  data.append('action', action);
  return data;
}

const PERSON = {
  firstName: 'Olena',
  lastName: 'Koval',
  birthDate: '1990-04-12',
  email: 'olena.koval@example.org',
  locale: 'uk',
  permitExpiresOn: nextYear,
};
const FILLED = { ...PERSON, ...EXTENSION_ANSWERS };

async function storedFiles(): Promise<number> {
  return Number((await app.db.owner.query<{ n: string }>('SELECT count(*) AS n FROM application_files')).rows[0]!.n);
}

test('apply with two documents; a wrong-type file is refused by its content and the rest is kept; submit; receipt, e-mail, verification, status', async () => {
  const browser = new Client(app.base);
  const page = await browser.get(`/de/apply/${SERVICE}`);
  assert.equal(page.status, 200);
  assert.match(page.html, /name="file:passport"/);
  assert.match(page.html, /enctype="multipart\/form-data"/);

  const first = await browser.postMultipart(
    `/de/apply/${SERVICE}`,
    form(csrfIn(page.html), 'submit', FILLED, [
      { field: 'passport', name: 'pass.pdf', bytes: await pdf(2), type: 'application/pdf' },
      {
        field: 'biometric-photo',
        name: 'photo.png',
        bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'),
        type: 'image/png',
      },
    ]),
  );
  assert.equal(first.status, 422);
  assert.match(first.html, /photo\.png \(Biometrisches Passfoto\): Die Datei ist kein PDF, JPEG oder PNG/);
  assert.match(first.html, /Hochgeladen: pass\.pdf/);
  assert.match(first.html, /value="Olena"/, 'what was typed is kept');
  assert.equal(await storedFiles(), 1, 'only the good file is stored');
  const sealed = (await app.db.owner.query<{ sealed: Buffer }>('SELECT sealed FROM application_files')).rows[0]!.sealed;
  assert.ok(!sealed.includes(Buffer.from('%PDF')), 'the file is sealed at rest');

  const second = await browser.postMultipart(
    `/de/apply/${SERVICE}`,
    form(csrfIn(first.html), 'submit', FILLED, [
      { field: 'biometric-photo', name: 'photo.png', bytes: png(), type: 'image/png' },
    ]),
  );
  assert.equal(second.status, 201, second.html.slice(0, 500));
  const reference = /(A-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(second.html)![1]!;
  const statusPath = /href="(\/de\/status\/[A-Za-z0-9_-]+)"/.exec(second.html)![1]!;

  const mail = await mailbox.waitFor((m) => m.to.includes('olena.koval@example.org'));
  assert.match(mail.subject, new RegExp(reference));
  assert.match(mail.text, /status\//);
  const attachment = mail.attachments.find((a) => a.contentType === 'application/pdf');
  assert.ok(attachment && attachment.content.subarray(0, 5).toString() === '%PDF-', 'the receipt is attached');
  // The mail leaves through the outbox after the commit: the case is there once it has arrived.

  const {
    rows: [kase],
  } = await app.db.owner.query<{ state: string; continued_validity: boolean; files: string }>(
    `SELECT state, continued_validity, (SELECT count(*) FROM application_files f WHERE f.case_id = c.id) AS files FROM cases c WHERE reference = $1`,
    [reference],
  );
  assert.deepEqual(kase, { state: 'received', continued_validity: true, files: '2' });

  // Anyone can check the receipt by its code; only what the receipt shows is shown.
  const code = (await app.db.owner.query<{ short_code: string }>('SELECT short_code FROM receipts')).rows[0]!
    .short_code;
  const checked = await new Client(app.base).get(`/de/verify/${code.toLowerCase().replace('-', ' ')}`);
  assert.equal(checked.status, 200);
  assert.match(checked.html, /Diese Eingangsbestätigung ist echt/);
  assert.match(checked.html, new RegExp(reference));
  assert.match(checked.html, /O\. K\./);
  assert.ok(!checked.html.includes('Koval') && !checked.html.includes('1990-04-12'), 'no name, no date of birth');
  assert.equal((await new Client(app.base).get('/de/verify/ZZZZZ-ZZZZZ')).status, 404);
  assert.equal((await new Client(app.base).get('/de/verify?code=hello')).status, 400);
  // A receipt whose stored token was altered no longer verifies.
  const original = (
    await app.db.owner.query<{ token: string }>('SELECT token FROM receipts WHERE short_code = $1', [code])
  ).rows[0]!.token;
  const [version, keyId, payload, signature] = original.split('.');
  const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  forged.continuedValidity = !forged.continuedValidity;
  await app.db.owner.query('UPDATE receipts SET token = $2 WHERE short_code = $1', [
    code,
    [version, keyId, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.'),
  ]);
  const tampered = await new Client(app.base).get(`/de/verify/${code}`);
  assert.match(tampered.html, /Signatur dieser Eingangsbestätigung ist nicht gültig/);
  await app.db.owner.query('UPDATE receipts SET token = $2 WHERE short_code = $1', [code, original]);

  // The status page: the link alone shows nothing; with the date of birth, the state in plain words.
  const reader = new Client(app.base);
  const gate = await reader.get(statusPath);
  assert.equal(gate.status, 200);
  assert.ok(!gate.html.includes(reference));
  const wrong = await reader.post(statusPath, { _csrf: csrfIn(gate.html), birthDate: '1991-04-12' });
  assert.equal(wrong.status, 400);
  const shown = await reader.post(statusPath.replace('/de/', '/uk/'), {
    _csrf: csrfIn(gate.html),
    birthDate: '12.04.1990',
  });
  assert.equal(shown.status, 200);
  assert.match(shown.html, new RegExp(reference));
  assert.match(shown.html, /data-state="received"/);
  const receipt = await fetch(`${app.base}${statusPath}/receipt`, {
    method: 'POST',
    headers: { cookie: reader.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfIn(shown.html), birthDate: '1990-04-12' }).toString(),
  });
  assert.equal(receipt.headers.get('content-type'), 'application/pdf');
  const audit = await app.db.owner.query("SELECT action FROM audit_log WHERE action LIKE 'case.%' ORDER BY seq");
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['case.submitted'],
  );
});

test('uploads: oversize, empty, a name with path parts, a PDF bomb — refused or cleaned, nothing stored for a refusal, never a 5xx', async () => {
  const browser = new Client(app.base);
  const page = await browser.get(`/en/apply/${SERVICE}`);
  const before = await storedFiles();
  const big = new Uint8Array(10 * 1024 * 1024 + 10);
  big.set(await pdf(1));
  const answer = await browser.postMultipart(
    `/en/apply/${SERVICE}`,
    form(csrfIn(page.html), 'save', { ...PERSON, email: 'other@example.org' }, [
      { field: 'passport', name: 'huge.pdf', bytes: big, type: 'application/pdf' },
      { field: 'passport', name: 'empty.pdf', bytes: new Uint8Array(0), type: 'application/pdf' },
      { field: 'passport', name: 'bomb.pdf', bytes: await pdf(60), type: 'application/pdf' },
      { field: 'tenancy-contract', name: '../../etc/passwd.pdf', bytes: await pdf(1), type: 'application/pdf' },
      { field: 'no-such-document', name: 'x.pdf', bytes: await pdf(1), type: 'application/pdf' },
    ]),
  );
  assert.equal(answer.status, 422);
  assert.match(answer.html, /huge\.pdf \(Valid passport\): The file is larger than 10 MB/);
  assert.match(answer.html, /empty\.pdf \(Valid passport\): The file is empty/);
  assert.match(answer.html, /bomb\.pdf \(Valid passport\): The PDF has more than 50 pages/);
  assert.match(answer.html, /does not belong to this application/);
  assert.equal(await storedFiles(), before + 1, 'only the tenancy contract is stored');
  const name = (
    await app.db.owner.query<{ file_name: string }>(
      "SELECT file_name FROM application_files WHERE document_slug = 'tenancy-contract'",
    )
  ).rows[0]!.file_name;
  assert.equal(name, 'passwd.pdf');

  // Not multipart, or no CSRF token: clear refusals, no 5xx.
  assert.equal((await browser.post(`/en/apply/${SERVICE}`, { firstName: 'x' })).status, 400);
  const noToken = await browser.postMultipart(`/en/apply/${SERVICE}`, form('', 'save', PERSON, []));
  assert.equal(noToken.status, 403);
  assert.match(noToken.html, /open for too long/);
  assert.equal((await browser.get('/en/apply/advice-appointment')).status, 404, 'not open for online application');
});

test("the service's questions: unanswered or invalid ones block submission and say which; the answers reach the case view with their labels, in German and English", async () => {
  const email = 'fragen@example.org';
  const browser = new Client(app.base);
  const page = await browser.get(`/de/apply/${SERVICE}`);
  assert.match(page.html, /Zu welchem Zweck leben Sie in Deutschland\?/);
  assert.match(page.html, /<select[^>]*name="q:purpose"/);
  assert.match(page.html, /<option value="study"[^>]*>Studium<\/option>/);
  assert.match(page.html, /<textarea[^>]*name="q:address"/);
  assert.equal((page.html.match(/type="radio"[^>]*name="q:purpose-changed"/g) ?? []).length, 2, 'yes and no');
  const files = [
    { field: 'passport', name: 'pass.pdf', bytes: await pdf(1), type: 'application/pdf' },
    { field: 'biometric-photo', name: 'foto.png', bytes: png(), type: 'image/png' },
  ];

  const { 'q:address': _address, ...withoutAddress } = EXTENSION_ANSWERS;
  const refused = await browser.postMultipart(
    `/de/apply/${SERVICE}`,
    form(
      csrfIn(page.html),
      'submit',
      { ...PERSON, email, ...withoutAddress, 'q:purpose': 'holiday', 'q:employer-or-university': 'Beispiel <GmbH>' },
      files,
    ),
  );
  assert.equal(refused.status, 422);
  assert.match(
    refused.html,
    /„Zu welchem Zweck leben Sie in Deutschland\?“: Bitte wählen Sie eine der angebotenen Antworten\./,
  );
  assert.match(
    refused.html,
    /„Arbeitgeber oder Hochschule“: Die Antwort darf keine Steuerzeichen und keine spitzen Klammern enthalten\./,
  );
  assert.match(refused.html, /„Ihre jetzige Anschrift“: Bitte beantworten Sie diese Frage\./);
  assert.match(refused.html, /href="#q-address"/);
  assert.match(
    refused.html,
    /id="q-purpose-changed-no"[^>]*checked|checked[^>]*id="q-purpose-changed-no"/,
    'what was chosen is kept',
  );
  assert.equal(
    (await app.db.owner.query('SELECT 1 FROM cases WHERE email = $1', [email])).rowCount,
    0,
    'nothing submitted',
  );
  const {
    rows: [draft],
  } = await app.db.owner.query<{ answers: { questions: Record<string, string> } }>(
    "SELECT answers FROM application_drafts WHERE answers->>'email' = $1",
    [email],
  );
  assert.equal(draft!.answers.questions.purpose, 'holiday', 'the draft keeps what was typed');

  // A NUL cannot be stored in the draft's jsonb: it is kept as a refused control character, never a 500.
  const nul = await browser.postMultipart(
    `/de/apply/${SERVICE}`,
    form(csrfIn(refused.html), 'submit', { ...PERSON, email, ...EXTENSION_ANSWERS, 'q:address': 'Weg 1\u0000' }, []),
  );
  assert.equal(nul.status, 422);
  assert.match(nul.html, /„Ihre jetzige Anschrift“: Die Antwort darf keine Steuerzeichen/);

  const sent = await browser.postMultipart(
    `/de/apply/${SERVICE}`,
    form(
      csrfIn(nul.html),
      'submit',
      {
        ...PERSON,
        email,
        ...EXTENSION_ANSWERS,
        'q:purpose': 'study',
        'q:employer-or-university': '  Universität   Musterstadt ',
        'q:other': 'dropped',
      },
      [],
    ),
  );
  assert.equal(sent.status, 201, sent.html.slice(0, 500));
  const reference = /(A-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(sent.html)![1]!;
  await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes(reference));
  const {
    rows: [kase],
  } = await app.db.owner.query<{ id: string; answers: { questions: Record<string, string> } }>(
    'SELECT id, answers FROM cases WHERE reference = $1',
    [reference],
  );
  assert.deepEqual(kase!.answers.questions, {
    purpose: 'study',
    'employer-or-university': 'Universität Musterstadt',
    address: 'Hauptstraße 1\n12345 Musterstadt',
    'purpose-changed': 'no',
  });

  const { client: staff, id: staffId } = await signedInStaff(app, 'fragen@musterstadt.example', 'caseworker');
  const german = await staff.get(`/staff/cases/${kase!.id}`);
  assert.equal(german.status, 200);
  assert.match(german.html, /Angaben im Antrag/);
  assert.match(german.html, /Zu welchem Zweck leben Sie in Deutschland\?<\/dt>\s*<dd[^>]*>Studium</);
  assert.match(
    german.html,
    /Hat sich der Zweck Ihres Aufenthalts seit der letzten Erteilung geändert\?<\/dt>\s*<dd[^>]*>Nein</,
  );
  assert.match(german.html, /Hauptstraße 1<br\s*\/?>12345 Musterstadt/);
  await app.db.owner.query("UPDATE staff_users SET ui_locale = 'en' WHERE id = $1", [staffId]);
  const english = await staff.get(`/staff/cases/${kase!.id}`);
  assert.match(english.html, /Answers in the application/);
  assert.match(english.html, /What is the purpose of your stay in Germany\?<\/dt>\s*<dd[^>]*>Study</);
  assert.match(english.html, /<dd[^>]*>No</);
});
