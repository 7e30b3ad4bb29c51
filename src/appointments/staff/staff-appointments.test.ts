import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { signedInStaff } from '../../../test/helpers/staff.js';
import { officeToday, OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { addDays } from '../../platform/clock/office-time.js';

let app: TestApp;
let mailbox: Mailbox;
let caseworker: Client;
let lead: Client;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    BOOKING_HOLDS_PER_IP_HOUR: '1000',
    LOGIN_ATTEMPTS_PER_IP: '1000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
  caseworker = (await signedInStaff(app, 'sachbearbeitung@musterstadt.example', 'caseworker')).client;
  lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const times = (html: string) => [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);

async function bookOnline(email: string, locale: string): Promise<{ startsAt: string; day: string }> {
  const client = new Client(app.base);
  const week = await client.get('/de/appointments/residence-permit-extension/mitte');
  const startsAt = times(week.html)[0]!;
  const held = await client.post('/de/appointments/residence-permit-extension/mitte/hold', {
    _csrf: csrfIn(week.html),
    startsAt,
  });
  const page = await client.get(held.location!);
  const sent = await client.post(held.location!, {
    _csrf: csrfIn(page.html),
    firstName: 'Olha',
    lastName: 'Shevchenko',
    birthDate: '1988-05-05',
    email,
    locale,
    permitExpiresOn: '',
  });
  assert.equal(sent.status, 303);
  const code = /(\d{6})/.exec((await mailbox.waitFor((m) => m.to.includes(email))).subject)![1]!;
  const codePage = await client.get(sent.location!);
  assert.equal((await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code })).status, 303);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE }).format(new Date(startsAt));
  return { startsAt, day };
}

test('a Ukrainian speaker is given the counter of a Ukrainian-speaking caseworker, and the day view shows it; attendance is recorded and audited', async () => {
  const { day } = await bookOnline('olha@example.org', 'uk');
  const {
    rows: [row],
  } = await app.db.owner.query<{ label: string; check_in_code: string; id: string }>(
    `SELECT c.label, a.check_in_code, a.id FROM appointments a JOIN counters c ON c.id = a.counter_id WHERE a.email = 'olha@example.org'`,
  );
  assert.equal(row!.label, 'Schalter 1', 'Schalter 1 is staffed by Olena Kovalenko, who speaks Ukrainian');

  const view = await caseworker.get(`/staff/appointments?location=mitte&day=${day}`);
  assert.equal(view.status, 200);
  assert.match(view.html, /Olha Shevchenko/);
  assert.match(view.html, /Українська – wird hier gesprochen/);

  const checkIn = await caseworker.get(`/staff/check-in/${row!.check_in_code}`);
  assert.equal(checkIn.status, 200);
  const back = `/staff/appointments?location=mitte&day=${day}`;
  for (const step of ['arrived', 'served']) {
    const done = await caseworker.post(`/staff/appointments/${row!.id}/attendance`, {
      _csrf: csrfIn(view.html),
      step,
      back,
    });
    assert.equal(done.status, 303);
    assert.match(done.location!, /notice=recorded/);
  }
  const again = await caseworker.post(`/staff/appointments/${row!.id}/attendance`, {
    _csrf: csrfIn(view.html),
    step: 'no_show',
    back,
  });
  assert.match(again.location!, /notice=notAllowed/, 'served is final');
  const { rows: audit } = await app.db.owner.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE action LIKE 'appointment%' ORDER BY seq`,
  );
  assert.deepEqual(
    audit.map((a) => a.action),
    ['appointments.day.viewed', 'appointment.looked_up', 'appointment.arrived', 'appointment.served'],
  );
  // A caseworker may not change the counters.
  assert.equal((await caseworker.get('/staff/appointments/settings')).status, 403);
});

test('a caseworker books an emergency appointment for a caller without e-mail', async () => {
  const page = await caseworker.get('/staff/appointments/book?location=mitte&service=address-change&channel=emergency');
  assert.equal(page.status, 200);
  const startsAt = times(page.html)[0]!;
  assert.ok(startsAt, 'Schalter 5 takes emergencies');
  const held = await caseworker.post(
    '/staff/appointments/book?location=mitte&service=address-change&channel=emergency',
    { _csrf: csrfIn(page.html), startsAt },
  );
  assert.equal(held.status, 303);
  const form = await caseworker.get(held.location!);
  const booked = await caseworker.post(held.location!, {
    _csrf: csrfIn(form.html),
    firstName: 'Karim',
    lastName: 'Nasser',
    birthDate: '1975-10-10',
    email: '',
    locale: 'ar',
    permitExpiresOn: '',
  });
  assert.equal(booked.status, 200);
  assert.match(booked.html, /T-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  const { rows } = await app.db.owner.query<{ channel: string; status: string }>(
    `SELECT channel, status FROM appointments WHERE last_name = 'Nasser'`,
  );
  assert.deepEqual(rows, [{ channel: 'emergency', status: 'booked' }]);
});

test('a team lead closes a day and adds counter hours; wrong input gets a message and changes nothing', async () => {
  const week = await new Client(app.base).get('/de/appointments/certificate/nord');
  const first = times(week.html)[0]!;
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE }).format(new Date(first));
  const settings = await lead.get('/staff/appointments/settings?location=nord');
  assert.equal(settings.status, 200);
  const csrf = csrfIn(settings.html);
  const closed = await lead.post('/staff/appointments/settings/closed-days?location=nord', {
    _csrf: csrf,
    day,
    reason: 'Betriebsausflug',
    scope: 'location',
  });
  assert.equal(closed.status, 303);
  const after = await new Client(app.base).get(`/de/appointments/certificate/nord?from=${day}`);
  assert.ok(
    !times(after.html).some(
      (t) => new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE }).format(new Date(t)) === day,
    ),
    'no time on the closed day',
  );

  const counterId = /\/staff\/appointments\/settings\/counters\/([0-9a-f-]{36})\?/.exec(settings.html)![1]!;
  const bad = await lead.post(`/staff/appointments/settings/counters/${counterId}/hours?location=nord`, {
    _csrf: csrf,
    weekdays: ['6'],
    opens: '14:00',
    closes: '09:00',
    channel: 'online',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /Beginn vor Ende/);
  const good = await lead.post(`/staff/appointments/settings/counters/${counterId}/hours?location=nord`, {
    _csrf: csrf,
    weekdays: ['6'],
    opens: '09:00',
    closes: '12:00',
    channel: 'online',
  });
  assert.equal(good.status, 303);
  // Counter hours on Saturday alone offer nothing: the location is closed then. Opening it does.
  const saturdays = async () => {
    const all: string[] = [];
    for (const from of [undefined, 7, 14]) {
      const page = await new Client(app.base).get(
        `/de/appointments/residence-permit-extension/nord${from ? `?from=${addDays(officeToday(Date.now()), from)}` : ''}`,
      );
      all.push(...times(page.html));
    }
    return all.filter((t) => new Date(t).getUTCDay() === 6);
  };
  assert.deepEqual(await saturdays(), []);
  const opened = await lead.post('/staff/appointments/settings/opening-hours?location=nord', {
    _csrf: csrf,
    weekdays: ['6'],
    opens: '09:00',
    closes: '12:00',
  });
  assert.equal(opened.status, 303);
  assert.ok((await saturdays()).length >= 6, 'Saturday 09:00–12:00 in 30-minute slots');
  const added = await lead.post('/staff/appointments/settings/counters?location=nord', {
    _csrf: csrf,
    label: 'Schalter 3',
  });
  assert.equal(added.status, 303);
  assert.equal(
    (await lead.post('/staff/appointments/settings/counters?location=nord', { _csrf: csrf, label: 'Schalter 3' }))
      .status,
    400,
    'labels are unique',
  );
});

test('recording attendance is a write of its own: an admin sees the day but records nothing and opens no check-in', async () => {
  const admin = (await signedInStaff(app, 'admin.tag@musterstadt.example', 'authority_admin')).client;
  const {
    rows: [row],
  } = await app.db.owner.query<{ id: string; status: string; starts_at: Date; reference: string }>(
    `SELECT a.id, a.status, a.starts_at, a.reference FROM appointments a JOIN locations l ON l.id = a.location_id
      WHERE a.status = 'booked' AND l.slug = 'mitte' ORDER BY a.starts_at LIMIT 1`,
  );
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE }).format(row!.starts_at);
  const view = await admin.get(`/staff/appointments?location=mitte&day=${day}`);
  assert.equal(view.status, 200);
  assert.ok(view.html.includes(row!.reference), 'the appointment is shown');
  assert.doesNotMatch(view.html, /\/attendance"/, 'no attendance buttons');
  assert.doesNotMatch(view.html, /action="\/staff\/check-in"/, 'no check-in form');
  const tried = await admin.post(`/staff/appointments/${row!.id}/attendance`, {
    _csrf: csrfIn(view.html),
    step: 'arrived',
    back: '/staff/appointments?',
  });
  assert.equal(tried.status, 403);
  assert.equal((await admin.get('/staff/check-in?code=AAAA-BBBB')).status, 403);
  const after = await app.db.owner.query<{ status: string }>('SELECT status FROM appointments WHERE id = $1', [
    row!.id,
  ]);
  assert.equal(after.rows[0]!.status, row!.status);
});
