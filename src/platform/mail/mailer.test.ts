import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { createMailer, MailError, type Mailer } from './mailer.js';

/** The mailer first, so the mailbox does not wait for its pooled connections to time out. */
async function closeBoth(mailer: Mailer, mailbox: Mailbox): Promise<void> {
  mailer.close();
  await mailbox.close();
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const subject = 'Einladung – دعوة';
const text = 'Guten Tag Frau Müller, Ihr Termin ist am 3. März um 9:30 Uhr.\nمرحبا، موعدك في ٣ مارس الساعة ٩:٣٠.';

test('sends UTF-8 mail with a PDF attachment through SMTP', async (t) => {
  const mailbox = await startMailbox();
  const lines: string[] = [];
  const mailer = createMailer({ smtpUrl: mailbox.url, from: 'Ausländerbehörde <noreply@musterstadt.example>' }, (l) =>
    lines.push(l),
  );
  t.after(() => closeBoth(mailer, mailbox));

  await mailer.send({
    to: 'amira@example.org',
    subject,
    text,
    html: '<p>Guten Tag – <span dir="rtl">مرحبا</span></p>',
    attachments: [{ filename: 'Einladung-Termin.pdf', content: pdf, contentType: 'application/pdf' }],
  });

  const received = await mailbox.waitFor((m) => m.to.includes('amira@example.org'));
  assert.deepEqual(received.to, ['amira@example.org']);
  assert.equal(received.from, 'noreply@musterstadt.example');
  assert.equal(received.subject, subject);
  assert.equal(received.text.trim(), text);
  assert.match(String(received.html), /مرحبا/);
  assert.equal(received.attachments.length, 1);
  const [attachment] = received.attachments;
  assert.equal(attachment?.filename, 'Einladung-Termin.pdf');
  assert.equal(attachment?.contentType, 'application/pdf');
  assert.ok(attachment?.content.equals(pdf));
  assert.deepEqual(lines, [], 'sending through SMTP logs nothing about the recipient');
});

test('accepts credentials in the SMTP URL', async (t) => {
  const mailbox = await startMailbox();
  const url = new URL(mailbox.url);
  url.username = 'willkommen';
  url.password = 'p@ss word';
  const mailer = createMailer({ smtpUrl: url.toString(), from: 'noreply@musterstadt.example' }, () => {});
  t.after(() => closeBoth(mailer, mailbox));
  await mailer.send({ to: 'a@example.org', subject: 'Mit Anmeldung', text: 'ok' });
  const received = await mailbox.waitFor((m) => m.subject === 'Mit Anmeldung');
  assert.equal(received.text.trim(), 'ok');
});

test('waitFor rejects with the subjects received so far', async (t) => {
  const mailbox = await startMailbox();
  const mailer = createMailer({ smtpUrl: mailbox.url, from: 'noreply@musterstadt.example' }, () => {});
  t.after(() => closeBoth(mailer, mailbox));
  await mailer.send({ to: 'a@example.org', subject: 'Erste', text: '1' });
  await mailbox.waitFor((m) => m.subject === 'Erste');
  await assert.rejects(
    mailbox.waitFor((m) => m.subject === 'Zweite', 200),
    /"Erste"/,
  );
});

test('without an SMTP URL each message is saved as a parseable .eml file', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'willkommen-outbox-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const outbox = path.join(dir, 'outbox');
  const lines: string[] = [];
  const mailer = createMailer({ smtpUrl: undefined, from: 'noreply@musterstadt.example', outboxDir: outbox }, (l) =>
    lines.push(l),
  );
  t.after(() => mailer.close());

  await mailer.send({
    to: 'amira@example.org',
    subject,
    text,
    attachments: [{ filename: 'Einladung.pdf', content: pdf, contentType: 'application/pdf' }],
  });
  await mailer.send({ to: 'b@example.org', subject: 'Zweite', text: '2' });

  const files = (await readdir(outbox)).sort();
  assert.equal(files.length, 2);
  for (const file of files) assert.match(file, /^\d{4}-\d{2}-\d{2}T[\d-]+Z-[0-9a-f]{8}\.eml$/);
  const emls = await Promise.all(
    files.map(async (f) => ({ file: path.join(outbox, f), bytes: await readFile(path.join(outbox, f)) })),
  );
  // Invitation links and codes are in there: only the app's own user may read them.
  for (const e of emls) assert.equal((await stat(e.file)).mode & 0o777, 0o600, e.file);
  assert.equal((await stat(outbox)).mode & 0o777, 0o700);
  const saved = emls.find((e) => e.bytes.includes('amira@example.org'));
  assert.ok(saved);
  const first = saved.bytes;
  assert.ok(first.includes('\r\n'), 'RFC 5322 line endings');
  const parsed = await simpleParser(first);
  assert.equal(parsed.subject, subject);
  assert.equal(parsed.text?.trim(), text);
  assert.equal(parsed.attachments[0]?.filename, 'Einladung.pdf');
  assert.ok(parsed.attachments[0]?.content.equals(pdf));

  assert.equal(lines.length, 2);
  assert.equal(
    lines.find((l) => l.includes('amira')),
    `mail to amira@example.org: ${subject} (saved to ${saved.file})`,
  );
});

test('an unreachable SMTP server gives a MailError without the password, quickly', async (t) => {
  const mailer = createMailer(
    { smtpUrl: 'smtp://u:s3cret@127.0.0.1:1', from: 'noreply@musterstadt.example' },
    () => {},
  );
  t.after(() => mailer.close());
  const started = Date.now();
  await assert.rejects(mailer.send({ to: 'a@example.org', subject: 'x', text: 'x' }), (error: unknown) => {
    assert.ok(error instanceof MailError);
    assert.doesNotMatch(error.message, /s3cret/);
    assert.doesNotMatch(String(error.stack), /s3cret/);
    assert.match(error.message, /127\.0\.0\.1:1/);
    return true;
  });
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('a malformed SMTP URL is refused without repeating it', () => {
  assert.throws(
    () => createMailer({ smtpUrl: 'smtp//u:s3cret@host', from: 'x@example.org' }, () => {}),
    (error: unknown) => error instanceof MailError && !error.message.includes('s3cret'),
  );
  assert.throws(() => createMailer({ smtpUrl: 'http://u:s3cret@host', from: 'x@example.org' }, () => {}), MailError);
});
