import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { signedInStaff } from '../../../test/helpers/staff.js';
import { withTenant } from '../database/index.js';
import { createMailer, type Mailer } from './mailer.js';
import { enqueueMail, type QueuedMail } from './outbox.js';
import { outboxWorker } from './outbox-worker.js';

let app: TestApp;
let mailbox: Mailbox;
let authorityId: string;
/** Reply codes the test mailbox gives a recipient, one per attempt; accepted once the list is used up. */
const refusals = new Map<string, number[]>();

before(async () => {
  mailbox = await startMailbox({ refuse: (to) => refusals.get(to)?.shift() });
  app = await startTestApp({ SMTP_URL: mailbox.url });
  authorityId = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const enqueue = (mail: QueuedMail) => withTenant(app.db.pool, authorityId, (tx) => enqueueMail(tx, authorityId, mail));

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  claim: string | null;
}
const rowOf = async (id: string): Promise<Row | undefined> =>
  (
    await app.db.owner.query<Row>(
      'SELECT status, attempts, last_error, next_attempt_at, claim FROM mail_outbox WHERE id = $1',
      [id],
    )
  ).rows[0];

/** Polls the row until `done` holds, with a deadline: the worker runs on its own. */
async function rowWhen(id: string, done: (row: Row) => boolean, timeoutMs = 5_000): Promise<Row> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await rowOf(id);
    if (row && done(row)) return row;
    if (Date.now() > deadline) throw new Error(`outbox row ${id} still ${JSON.stringify(row)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a rolled-back transaction sends nothing; a committed one is delivered after the commit', async () => {
  await assert.rejects(
    withTenant(app.db.pool, authorityId, async (tx) => {
      await enqueueMail(tx, authorityId, { to: 'rolled@example.org', subject: 'Rolled back', text: 'never' });
      throw new Error('the change fails after the mail was queued');
    }),
    /the change fails/,
  );
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
  const id = await enqueue({
    to: 'kept@example.org',
    subject: 'Committed',
    text: 'Guten Tag',
    html: '<p>Guten Tag</p>',
    attachments: [
      { filename: 'a.pdf', content: pdf, contentType: 'application/pdf' },
      { filename: 'b.ics', content: Buffer.from('BEGIN:VCALENDAR'), contentType: 'text/calendar' },
    ],
  });
  // No call to the worker: the commit's NOTIFY wakes it.
  const received = await mailbox.waitFor((m) => m.subject === 'Committed');
  assert.deepEqual(received.to, ['kept@example.org']);
  assert.match(String(received.html), /Guten Tag/);
  assert.deepEqual(
    received.attachments.map((a) => a.filename),
    ['a.pdf', 'b.ics'],
  );
  assert.ok(received.attachments[0]!.content.equals(pdf));
  const row = await rowWhen(id, (r) => r.status === 'sent');
  assert.equal(row.attempts, 1);
  assert.equal(row.claim, null);
  const { rows } = await app.db.owner.query("SELECT 1 FROM mail_outbox WHERE subject = 'Rolled back'");
  assert.equal(rows.length, 0);
  assert.ok(!mailbox.messages.some((m) => m.subject === 'Rolled back'));
});

test('a mail refused for now (4xx) waits its back-off and then arrives', async () => {
  refusals.set('later@example.org', [451]);
  const id = await enqueue({ to: 'later@example.org', subject: 'Try again', text: 'x' });
  const failed = await rowWhen(id, (r) => r.last_error !== null);
  assert.equal(failed.status, 'queued');
  assert.equal(failed.attempts, 1);
  assert.match(failed.last_error!, /451/);
  const wait = failed.next_attempt_at.getTime() - Date.now();
  assert.ok(wait > 50_000 && wait <= 60_000, `next attempt in ${wait} ms, expected about a minute`);
  // The minute passes (moved, not waited for); the minute's sweep would then find it due.
  await app.db.owner.query('UPDATE mail_outbox SET next_attempt_at = now() WHERE id = $1', [id]);
  await app.outbox.deliverDue();
  await mailbox.waitFor((m) => m.subject === 'Try again');
  const sent = await rowWhen(id, (r) => r.status === 'sent');
  assert.equal(sent.attempts, 2);
  assert.equal(mailbox.messages.filter((m) => m.subject === 'Try again').length, 1);
});

test('a mail refused for good (5xx) fails at once, with the error kept', async () => {
  refusals.set('nobody@example.org', [550]);
  const id = await enqueue({ to: 'nobody@example.org', subject: 'Unknown recipient', text: 'x' });
  const row = await rowWhen(id, (r) => r.status !== 'queued');
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 1);
  assert.match(row.last_error!, /550/);
});

test('a failed mail shows on the admin page without its body, and "retry now" sends it once the server takes it', async () => {
  refusals.set('gone@example.org', [550, 550]);
  const id = await enqueue({ to: 'gone@example.org', subject: 'Ihre Einladung', text: 'Link: GEHEIM-4711' });
  await rowWhen(id, (r) => r.status === 'failed');
  const { client: admin } = await signedInStaff(app, 'admin-mail@musterstadt.example', 'authority_admin');
  const { client: caseworker } = await signedInStaff(app, 'cw-mail@musterstadt.example', 'caseworker');

  const start = await admin.get('/staff');
  assert.match(start.html, /href="\/staff\/admin\/mail"/, 'linked in the admin area');
  const page = await admin.get('/staff/admin/mail');
  assert.equal(page.status, 200);
  assert.match(page.html, /gone@example\.org/);
  assert.match(page.html, /Ihre Einladung/);
  assert.match(page.html, /550/);
  const failed = (await app.db.owner.query("SELECT 1 FROM mail_outbox WHERE status = 'failed'")).rows.length;
  assert.match(page.html, new RegExp(`Fehlgeschlagen \\(${failed}\\)`));
  assert.ok(!page.html.includes('GEHEIM-4711'), 'no bodies');
  assert.equal((await caseworker.get('/staff/admin/mail')).status, 403);

  const action = `/staff/admin/mail/${id}/retry`;
  assert.equal((await admin.post(action, { _csrf: 'forged' })).status, 403);
  assert.equal((await caseworker.post(action, { _csrf: csrfIn((await caseworker.get('/staff')).html) })).status, 403);
  // Still refused: one more attempt, and it fails again.
  const again = await admin.post(action, { _csrf: csrfIn(page.html) });
  assert.equal(again.status, 303);
  assert.equal(again.location, '/staff/admin/mail?notice=retried');
  const refused = await rowWhen(id, (r) => r.status === 'failed' && r.attempts === 2);
  assert.match(refused.last_error!, /550/);
  // The address is fixed on the server's side; this time it goes, exactly once.
  await admin.post(action, { _csrf: csrfIn(page.html) });
  await mailbox.waitFor((m) => m.subject === 'Ihre Einladung');
  assert.equal((await rowWhen(id, (r) => r.status === 'sent')).attempts, 3);
  const late = await admin.post(action, { _csrf: csrfIn(page.html) });
  assert.equal(late.location, '/staff/admin/mail?notice=unknown', 'a sent mail is not sent again');
  assert.match((await admin.get(late.location!)).html, /schon versandt/);
  assert.equal((await admin.post('/staff/admin/mail/not-a-uuid/retry', { _csrf: csrfIn(page.html) })).status, 303);
  assert.equal(mailbox.messages.filter((m) => m.subject === 'Ihre Einladung').length, 1);

  const { rows } = await app.db.owner.query<{ action: string }>(
    "SELECT action FROM audit_log WHERE action LIKE 'mail.%' ORDER BY seq",
  );
  assert.deepEqual(
    rows.map((r) => r.action),
    ['mail.outbox_viewed', 'mail.retry_requested', 'mail.retry_requested', 'mail.outbox_viewed'],
  );
});

test('the worker runs with row-level security: another authority sees no mail of this one', async () => {
  const id = await enqueue({ to: 'private@example.org', subject: 'Private', text: 'x' });
  const { rows } = await withTenant(app.db.pool, '00000000-0000-4000-8000-000000000000', (tx) =>
    tx.query('SELECT 1 FROM mail_outbox WHERE id = $1', [id]),
  );
  assert.equal(rows.length, 0);
  await mailbox.waitFor((m) => m.subject === 'Private');
});

/** Workers of their own (as other instances would run), with the app's own worker stopped. */
async function ownWorkers(n: number, mailerFor: (i: number) => Mailer, leaseMs?: number) {
  await app.outbox.stop();
  return Array.from({ length: n }, (_, i) =>
    outboxWorker({
      pool: app.db.pool,
      mailer: mailerFor(i),
      log: () => undefined,
      batch: 3,
      ...(leaseMs ? { leaseMs } : {}),
    }),
  );
}

test('workers racing for the same mail never deliver one twice', async (t) => {
  const mailers = [0, 1, 2, 3].map(() => createMailer({ smtpUrl: mailbox.url, from: 'a@example.org' }, () => {}));
  t.after(() => {
    for (const m of mailers) m.close();
  });
  const workers = await ownWorkers(4, (i) => mailers[i]!);
  const subjects = Array.from({ length: 40 }, (_, i) => `Race ${i}`);
  await withTenant(app.db.pool, authorityId, async (tx) => {
    for (const subject of subjects) await enqueueMail(tx, authorityId, { to: 'race@example.org', subject, text: 'x' });
  });
  await Promise.all(workers.flatMap((w) => [w.deliverDue(), w.deliverDue()]));
  for (const subject of subjects) await mailbox.waitFor((m) => m.subject === subject);
  const { rows } = await app.db.owner.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM mail_outbox WHERE subject LIKE 'Race %' AND status = 'sent' AND attempts = 1",
  );
  assert.equal(rows[0]!.n, subjects.length);
  for (const subject of subjects)
    assert.equal(mailbox.messages.filter((m) => m.subject === subject).length, 1, subject);
});

test('a mail claimed by a worker that died is taken again once its lease ran out', async (t) => {
  const real = createMailer({ smtpUrl: mailbox.url, from: 'a@example.org' }, () => {});
  t.after(() => real.close());
  // The first worker freezes while sending (as if its process hung) and comes back only at the end.
  let sending: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    sending = resolve;
  });
  let comeBack: () => void = () => undefined;
  const stuck: Mailer = {
    send: () => {
      sending();
      return new Promise<void>((resolve) => {
        comeBack = resolve;
      });
    },
    close: () => undefined,
  };
  t.after(() => comeBack());
  const [dying, taking] = await ownWorkers(2, (i) => (i === 0 ? stuck : real), 300);
  const id = await enqueue({ to: 'lease@example.org', subject: 'Leased', text: 'x' });
  const dyingRun = dying!.deliverDue();
  await started;
  const claimed = await rowOf(id);
  assert.equal(claimed!.attempts, 1);
  assert.ok(claimed!.claim);
  // Within the lease the other worker leaves it alone; after it, the mail is due again and goes.
  await taking!.deliverDue();
  assert.equal((await rowOf(id))!.attempts, 1);
  const deadline = Date.now() + 5_000;
  while ((await rowOf(id))!.status !== 'sent') {
    assert.ok(Date.now() < deadline, 'the lease never ran out');
    await taking!.deliverDue();
  }
  await mailbox.waitFor((m) => m.subject === 'Leased');
  // The frozen worker comes back and reports its outcome under a claim that is gone: nothing changes.
  comeBack();
  await dyingRun;
  const row = await rowOf(id);
  assert.equal(row!.status, 'sent');
  assert.equal(row!.attempts, 2);
  assert.equal(row!.last_error, null);
});

test('an attachment queued as a recipe is rendered when the mail is sent, not when queued; an unknown renderer sends nothing and says why', async (t) => {
  const mailer = createMailer({ smtpUrl: mailbox.url, from: 'a@example.org' }, () => {});
  t.after(() => mailer.close());
  await app.outbox.stop();
  const rendered: unknown[] = [];
  const worker = outboxWorker({
    pool: app.db.pool,
    mailer,
    log: () => undefined,
    renderers: {
      greeting: async (recipe) => {
        rendered.push(recipe);
        return Buffer.from(`Hallo ${(recipe as { name: string }).name}`);
      },
    },
  });
  const good = await enqueue({
    to: 'recipe@example.org',
    subject: 'Rendered when sent',
    text: 'x',
    attachments: [
      { filename: 'hallo.txt', contentType: 'text/plain', render: { renderer: 'greeting', recipe: { name: 'Olena' } } },
    ],
  });
  const unknown = await enqueue({
    to: 'recipe@example.org',
    subject: 'Unknown renderer',
    text: 'x',
    attachments: [
      { filename: 'x.pdf', contentType: 'application/pdf', render: { renderer: 'nobody', recipe: { a: 1 } } },
    ],
  });
  // Queued and committed: nothing rendered yet, the rows hold the recipes, not bytes.
  assert.deepEqual(rendered, []);
  const { rows } = await app.db.owner.query(
    'SELECT content IS NULL AS no_bytes, renderer, recipe FROM mail_outbox_attachments WHERE mail_id = ANY($1) ORDER BY renderer',
    [[good, unknown]],
  );
  assert.deepEqual(rows, [
    { no_bytes: true, renderer: 'greeting', recipe: { name: 'Olena' } },
    { no_bytes: true, renderer: 'nobody', recipe: { a: 1 } },
  ]);
  await worker.deliverDue();
  const received = await mailbox.waitFor((m) => m.subject === 'Rendered when sent');
  assert.equal(received.attachments[0]?.content.toString(), 'Hallo Olena');
  assert.deepEqual(rendered, [{ name: 'Olena' }]);
  const failed = await rowWhen(unknown, (r) => r.last_error !== null);
  assert.match(failed.last_error!, /no renderer "nobody" for the attachment x\.pdf/);
  assert.notEqual(failed.status, 'sent');
  assert.ok(!mailbox.messages.some((m) => m.subject === 'Unknown renderer'));
  await worker.stop();
});
