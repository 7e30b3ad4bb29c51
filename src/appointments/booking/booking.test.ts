import { runJobToEnd } from '../../../test/helpers/jobs.js';
import { outboxSettled } from '../../../test/helpers/outbox.js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { REMINDER_JOB } from '../jobs.js';

let app: TestApp;
let mailbox: Mailbox;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    BOOKING_HOLDS_PER_IP_HOUR: '1000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const PERSON = {
  firstName: 'Olena',
  lastName: 'Kovalenko',
  birthDate: '1990-03-31',
  locale: 'en',
  permitExpiresOn: '',
};

function times(html: string): string[] {
  return [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
}

/** Holds the first free time of a service at Mitte and returns the booking page path. */
async function hold(
  client: Client,
  service = 'residence-permit-extension',
  pick = 0,
): Promise<{ path: string; startsAt: string }> {
  const week = await client.get(`/de/appointments/${service}/mitte`);
  assert.equal(week.status, 200);
  const startsAt = times(week.html)[pick];
  assert.ok(startsAt, 'the demo office shows free times at once');
  const held = await client.post(`/de/appointments/${service}/mitte/hold`, { _csrf: csrfIn(week.html), startsAt });
  assert.equal(held.status, 303, held.html.slice(0, 400));
  assert.match(held.location!, /^\/de\/appointments\/booking\/[0-9a-f-]{36}$/);
  return { path: held.location!, startsAt };
}

async function codeFor(email: string): Promise<string> {
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && /code/i.test(m.subject));
  return /(\d{6})/.exec(mail.subject)![1]!;
}

test('a person books, gets a code, confirms it, and receives the confirmation with calendar file and PDF', async () => {
  const client = new Client(app.base);
  const overview = await client.get('/de/appointments/residence-permit-extension');
  assert.equal(overview.status, 200);
  assert.match(overview.html, /Nächste freie Tage/);
  const { path } = await hold(client);
  const page = await client.get(path);
  assert.equal(page.status, 200);
  assert.match(page.html, /Für Sie reserviert bis/);

  const wrongCalendar = await client.post(path, {
    _csrf: csrfIn(page.html),
    ...PERSON,
    email: 'olena@example.org',
    birthDate: '1369/01/10',
  });
  assert.equal(wrongCalendar.status, 400);
  assert.match(wrongCalendar.html, /gregorianischen Kalender/);
  assert.match(wrongCalendar.html, /value="Kovalenko"/, 'what was typed is kept');

  const sent = await client.post(path, { _csrf: csrfIn(page.html), ...PERSON, email: 'olena@example.org' });
  assert.equal(sent.status, 303);
  const confirmPath = sent.location!;
  const code = await codeFor('olena@example.org');
  const codePage = await client.get(confirmPath);
  const wrong = await client.post(confirmPath, {
    _csrf: csrfIn(codePage.html),
    code: code === '000000' ? '111111' : '000000',
  });
  assert.equal(wrong.status, 400);
  assert.match(wrong.html, /noch 2 Versuche/);
  const confirmed = await client.post(confirmPath, { _csrf: csrfIn(codePage.html), code });
  assert.equal(confirmed.status, 303);
  assert.match(confirmed.location!, /\/de\/appointments\/manage\/[\w-]+\?notice=booked/);

  const mail = await mailbox.waitFor((m) => m.to.includes('olena@example.org') && m.attachments.length === 2);
  assert.match(mail.text, /Квитанці|Т-|T-[0-9A-Z]{4}-[0-9A-Z]{4}/, 'the reference is in the mail');
  const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
  assert.match(ics.content.toString('utf8'), /BEGIN:VEVENT[\s\S]*DTSTART:\d{8}T\d{6}Z/);
  const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
  assert.equal(pdf.content.subarray(0, 5).toString('latin1'), '%PDF-');

  const manage = await client.get(confirmed.location!);
  assert.equal(manage.status, 200);
  assert.match(manage.html, /Ihr Termin ist gebucht/);

  // The same person cannot hold a second open appointment for the same service.
  const second = await hold(new Client(app.base), 'residence-permit-extension', 1);
  const other = new Client(app.base);
  void other;
  const again = new Client(app.base);
  const againHold = await hold(again, 'residence-permit-extension', 2);
  const againPage = await again.get(againHold.path);
  const duplicate = await again.post(againHold.path, {
    _csrf: csrfIn(againPage.html),
    ...PERSON,
    firstName: 'OLENA',
    email: 'other@example.org',
  });
  assert.equal(duplicate.status, 409);
  assert.match(duplicate.html, /schon einen offenen Termin/);
  assert.ok(second.path);

  // Cancelling needs an explicit confirmation; a cancelled slot stays blocked through the cool-down.
  const manageUrl = confirmed.location!.replace(/\?.*$/, '');
  const noTick = await client.post(`${manageUrl}/cancel`, { _csrf: csrfIn(manage.html) });
  assert.equal(noTick.status, 400);
  const cancelled = await client.post(`${manageUrl}/cancel`, { _csrf: csrfIn(manage.html), confirm: 'yes' });
  assert.equal(cancelled.status, 303);
  await mailbox.waitFor((m) => m.to.includes('olena@example.org') && /abgesagt|cancelled/i.test(m.subject + m.text));
  const { rows } = await app.db.owner.query<{ status: string; occupies: boolean; cooling: boolean }>(
    `SELECT status, occupies, releases_at > now() + interval '50 minutes' AS cooling FROM appointments WHERE status = 'cancelled'`,
  );
  assert.deepEqual(rows, [{ status: 'cancelled', occupies: true, cooling: true }]);
});

test('an expired hold cannot be completed, and wrong times are refused with a message', async () => {
  const client = new Client(app.base);
  const { path } = await hold(client);
  await app.db.owner.query(`UPDATE appointments SET releases_at = now() - interval '1 second' WHERE id = $1`, [
    path.split('/').pop(),
  ]);
  const page = await client.get(path);
  assert.equal(page.status, 410);
  assert.match(page.html, /Reservierung ist abgelaufen/);

  const week = await client.get('/de/appointments/residence-permit-extension/mitte');
  const past = await client.post('/de/appointments/residence-permit-extension/mitte/hold', {
    _csrf: csrfIn(week.html),
    startsAt: '2020-01-01T08:00:00.000Z',
  });
  assert.equal(past.status, 400);
  assert.match(past.html, /Vergangenheit/);
  const odd = await client.post('/de/appointments/residence-permit-extension/mitte/hold', {
    _csrf: csrfIn(week.html),
    startsAt: times(week.html)[0]!.replace(':00.000Z', ':07.000Z'),
  });
  assert.equal(odd.status, 400);
  const garbage = await client.post('/de/appointments/residence-permit-extension/mitte/hold', {
    _csrf: csrfIn(week.html),
    startsAt: '۱۴۰۳/۰۹/۰۳',
  });
  assert.equal(garbage.status, 400);
  assert.match(garbage.html, /nicht angeboten/);
});

test('PostgreSQL itself refuses two occupying appointments at one counter at the same time, and a changed identity', async () => {
  const {
    rows: [row],
  } = await app.db.owner.query<{
    id: string;
    authority_id: string;
    counter_id: string;
    service_id: string;
    location_id: string;
  }>(
    `SELECT id, authority_id, counter_id, service_id, location_id FROM appointments WHERE status = 'cancelled' LIMIT 1`,
  );
  assert.ok(row);
  await assert.rejects(
    app.db.owner.query(
      `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status)
     SELECT authority_id, 'T-AAAA-AAAA', service_id, location_id, counter_id, 'staff', starts_at + interval '5 minutes', ends_at, 'held' FROM appointments WHERE id = $1`,
      [row.id],
    ),
    /no_overbooking/,
  );
  await assert.rejects(
    app.db.owner.query(`UPDATE appointments SET first_name = 'Someone' WHERE id = $1`, [row.id]),
    /cannot be changed/,
  );
});

test('two days before, a reminder goes out once, sent by the job queue in PostgreSQL', async () => {
  const client = new Client(app.base);
  const { path } = await hold(client, 'address-change');
  const page = await client.get(path);
  const sent = await client.post(path, {
    _csrf: csrfIn(page.html),
    ...PERSON,
    firstName: 'Rami',
    email: 'rami@example.org',
    locale: 'de',
  });
  assert.equal(sent.status, 303);
  const code = await codeFor('rami@example.org');
  const codePage = await client.get(sent.location!);
  assert.equal((await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code })).status, 303);
  // Booked long ago, for a time now within two days.
  await app.db.owner.query(`UPDATE appointments SET confirmed_at = now() - interval '10 days', starts_at = date_trunc('day', now()) + interval '26 hours',
    ends_at = date_trunc('day', now()) + interval '26 hours 15 minutes' WHERE email = 'rami@example.org'`);
  await app.jobs.runNow(REMINDER_JOB);
  const reminder = await mailbox.waitFor(
    (m) => m.to.includes('rami@example.org') && /Erinnerung/.test(m.subject),
    15_000,
  );
  assert.match(reminder.text, /Bitte bringen Sie mit/);
  // A second run finds nothing due: once it has ended and the outbox is empty, no second reminder left.
  await runJobToEnd(app, REMINDER_JOB);
  await outboxSettled(app.db.owner);
  assert.equal(
    mailbox.messages.filter((m) => m.to.includes('rami@example.org') && /Erinnerung/.test(m.subject)).length,
    1,
  );
});

test('moving keeps the person and the link: the new time is booked, the old one cools down', async () => {
  const client = new Client(app.base);
  const { path } = await hold(client, 'certificate');
  const page = await client.get(path);
  const sent = await client.post(path, {
    _csrf: csrfIn(page.html),
    ...PERSON,
    firstName: 'Mira',
    email: 'mira@example.org',
    locale: 'de',
  });
  const code = await codeFor('mira@example.org');
  const codePage = await client.get(sent.location!);
  const confirmed = await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code });
  const manage = confirmed.location!.replace(/\?.*$/, '');
  const movePage = await client.get(`${manage}/move`);
  assert.equal(movePage.status, 200);
  const target = times(movePage.html)[3]!;
  const action = /<form method="post" action="([^"]+)"/.exec(movePage.html)![1]!.replace(/&amp;/g, '&');
  const moved = await client.post(action, { _csrf: csrfIn(movePage.html), startsAt: target });
  assert.equal(moved.status, 303);
  assert.match(moved.location!, /notice=moved/);
  await mailbox.waitFor((m) => m.to.includes('mira@example.org') && /verschoben/.test(m.subject));
  const { rows } = await app.db.owner.query<{ status: string; starts_at: Date }>(
    `SELECT status, starts_at FROM appointments WHERE email = 'mira@example.org' ORDER BY created_at`,
  );
  assert.deepEqual(
    rows.map((r) => r.status),
    ['cancelled', 'booked'],
  );
  assert.equal(rows[1]!.starts_at.toISOString(), target);
  const after = await client.get(manage);
  assert.equal(after.status, 200, 'the same link shows the new appointment');
});
