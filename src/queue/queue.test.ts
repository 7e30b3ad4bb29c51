import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { Client, csrfIn } from '../../test/helpers/client.js';
import { nextEvent } from '../../test/helpers/events.js';
import { signedInStaff } from '../../test/helpers/staff.js';
import { withTenant } from '../platform/database/index.js';
import { CLOSE_DAYS_JOB } from './close-past-days.js';
import { KIOSK_COOKIE } from './routes.js';
import { insertTicket } from './tickets.js';

let app: TestApp;
let lead: Client;
let caseworker: Client;
let kiosk: Client;

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000', LOG_LEVEL: process.env.TEST_LOG ?? 'silent' });
  lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  caseworker = (await signedInStaff(app, 'schalter@musterstadt.example', 'caseworker', ['fa'])).client;
  kiosk = new Client(app.base);
});
after(async () => {
  await app?.close();
});

const serviceButtons = (html: string) =>
  [...html.matchAll(/name="serviceId" value="([^"]+)"\/><input type="hidden" name="kind" value="([a-z_]+)"/g)].map(
    (m) => ({ id: m[1]!, kind: m[2]! }),
  );
const phoneUrlIn = (html: string) => new URL(/data-phone-url="([^"]+)"/.exec(html)![1]!).pathname;
const numberIn = (html: string) => /data-ticket-number="?[^>]*>([TNW][0-9]{3,4})</.exec(html)![1]!;

async function mitte(): Promise<string> {
  return (await app.db.owner.query<{ id: string }>("SELECT id FROM locations WHERE slug = 'mitte'")).rows[0]!.id;
}

test('a browser that is not an enrolled kiosk gets no ticket; a team lead enrols the tablet', async () => {
  const stranger = new Client(app.base);
  const page = await stranger.get('/kiosk/mitte');
  assert.equal(page.status, 403);
  assert.match(page.html, /kein Eingangsgerät/);
  assert.equal((await stranger.get('/kiosk/nowhere')).status, 404);
  assert.equal((await caseworker.get('/staff/queue/kiosks')).status, 403, 'caseworkers do not enrol kiosks');

  const enrolled = await lead.submit('/staff/queue/kiosks', '/staff/queue/kiosks', {
    locationId: await mitte(),
    label: 'Eingang Mitte',
  });
  assert.equal(enrolled.status, 303);
  assert.equal(enrolled.location, '/kiosk/mitte');
  kiosk.setCookie(KIOSK_COOKIE, lead.cookie(KIOSK_COOKIE)!);
  // The tablet is public from now on: the team lead's session on it is over, in the browser and on the server.
  assert.equal(lead.cookie('wk_staff'), undefined, 'the staff cookie is cleared');
  assert.equal((await lead.get('/staff/queue/kiosks')).location, '/staff/login');
  const sessions = await app.db.owner.query(
    "SELECT 1 FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE u.email = 'leitung@musterstadt.example'",
  );
  assert.equal(sessions.rowCount, 0, 'the session is closed server-side');
  const logout = await app.db.owner.query(
    "SELECT 1 FROM audit_log WHERE action = 'staff.logout' AND details->>'reason' = 'kiosk_enrolled'",
  );
  assert.equal(logout.rowCount, 1);
  const start = await kiosk.get('/kiosk/mitte');
  assert.equal(start.status, 200);
  for (const word of [
    'Bitte wählen Sie Ihre Sprache',
    'Please choose your language',
    'لطفاً زبان خود را انتخاب کنید'.slice(0, 5),
  ])
    assert.ok(start.html.includes(word), word);
  const audit = await app.db.owner.query("SELECT 1 FROM audit_log WHERE action = 'kiosk.enrolled'");
  assert.equal(audit.rowCount, 1);
});

test('walk-in tickets, an appointment checked in at the kiosk, "call next" by rule, the display and phone pages live', async () => {
  const menu = await kiosk.get('/kiosk/mitte/fa');
  assert.equal(menu.status, 200);
  assert.match(menu.html, /dir="rtl"/);
  const buttons = serviceButtons(menu.html);
  const walkIn = buttons.find((b) => b.kind === 'walk_in')!;
  const emergency = buttons.find((b) => b.kind === 'emergency')!;
  assert.ok(walkIn && emergency, 'walk-in and emergency matters are offered');

  // A matter open only in emergencies cannot be drawn as a plain walk-in; no CSRF token, no ticket.
  const wrongKind = await kiosk.post('/kiosk/mitte/de/tickets', {
    _csrf: csrfIn(menu.html),
    serviceId: emergency.id,
    kind: 'walk_in',
  });
  assert.equal(wrongKind.status, 400);
  assert.match(wrongKind.html, /keine Nummer ohne Termin/);
  assert.equal((await kiosk.post('/kiosk/mitte/de/tickets', { serviceId: walkIn.id, kind: 'walk_in' })).status, 403);

  const first = await kiosk.post('/kiosk/mitte/de/tickets', {
    _csrf: csrfIn(menu.html),
    serviceId: walkIn.id,
    kind: 'walk_in',
  });
  assert.equal(first.status, 201);
  assert.equal(numberIn(first.html), 'W001');
  assert.match(first.html, /src="data:image\/png;base64,/);
  const second = await kiosk.post('/kiosk/mitte/fa/tickets', {
    _csrf: csrfIn(menu.html),
    serviceId: walkIn.id,
    kind: 'walk_in',
  });
  assert.equal(numberIn(second.html), 'W002');
  const persianPhone = phoneUrlIn(second.html);
  assert.match(persianPhone, /^\/fa\/queue\/[A-Za-z0-9_-]{43}$/);

  const phone = await new Client(app.base).get(persianPhone);
  assert.equal(phone.status, 200);
  assert.match(phone.html, /W002/);
  assert.match(phone.html, /dir="rtl"/);

  // An appointment of today at Mitte, checked in by its code (as the scanner types the QR code's link).
  const {
    rows: [svc],
  } = await app.db.owner.query<{ id: string; counter: string; authority_id: string }>(
    `SELECT s.id, c.id AS counter, s.authority_id FROM services s JOIN counter_services cs ON cs.service_id = s.id JOIN counters c ON c.id = cs.counter_id
      WHERE s.slug = 'residence-permit-extension' AND c.location_id = $1 ORDER BY c.label LIMIT 1`,
    [await mitte()],
  );
  await app.db.owner.query(
    `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, occupies,
                               first_name, last_name, birth_date, email, locale, identity_key, check_in_code)
     VALUES ($1, 'T-TEST-0001', $2, $3, $4, 'online', date_trunc('minute', now()) + interval '1 minute', date_trunc('minute', now()) + interval '31 minutes',
             'booked', true, 'Amir', 'Rahimi', '1990-01-01', 'amir@example.org', 'fa', '\\x01', 'QK7M2X4P')`,
    [svc!.authority_id, svc!.id, await mitte(), svc!.counter],
  );
  const codePage = await kiosk.get('/kiosk/mitte/fa/appointment');
  const wrong = await kiosk.post('/kiosk/mitte/fa/appointment', { _csrf: csrfIn(codePage.html), code: 'ZZZZ-ZZZZ' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.html, /value="ZZZZ-ZZZZ"/, 'what was typed is kept');
  const checkedIn = await kiosk.post('/kiosk/mitte/fa/appointment', {
    _csrf: csrfIn(codePage.html),
    code: `${app.base}/staff/check-in/QK7M2X4P`,
  });
  assert.equal(checkedIn.status, 201);
  assert.equal(numberIn(checkedIn.html), 'T003');
  const twice = await kiosk.post('/kiosk/mitte/fa/appointment', { _csrf: csrfIn(codePage.html), code: 'qk7m-2x4p' });
  assert.equal(twice.status, 400, 'an appointment checks in once');

  // The Persian ticket has one person before it (same matter), the appointment comes first when called.
  const waitingState = (await nextEvent(`${app.base}${persianPhone}/events`, () => true)) as {
    status: string;
    lines: string[];
  };
  assert.equal(waitingState.status, 'waiting');
  assert.match(waitingState.lines[0]!, /۱|1/);

  const queuePage = await caseworker.get('/staff/queue?location=mitte');
  assert.equal(queuePage.status, 200);
  const counterId = /<option value="([0-9a-f-]{36})"[^>]*>Schalter 1</.exec(queuePage.html)![1]!;
  const back = `/staff/queue?location=mitte&counter=${counterId}`;
  const display = nextEvent(`${app.base}/display/mitte/events`, (d) =>
    (d as { calls: { number: string }[] }).calls.some((c) => c.number === 'T003'),
  );
  const called = await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(queuePage.html), counterId, back });
  assert.match(called.location!, /notice=called&number=T003/, 'the due appointment is called first');
  assert.deepEqual(((await display) as { calls: unknown[] }).calls[0], {
    number: 'T003',
    counter: 'Schalter 1',
    calls: 1,
  });
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(queuePage.html), counterId, back })).location!,
    /notice=busy/,
  );

  const page = await caseworker.get(back);
  const ticketId = (await app.db.owner.query<{ id: string }>("SELECT id FROM queue_tickets WHERE number = 'T003'"))
    .rows[0]!.id;
  for (const step of ['recall', 'start', 'served']) {
    const done = await caseworker.post(`/staff/queue/tickets/${ticketId}/${step}`, {
      _csrf: csrfIn(page.html),
      back,
      counterId,
    });
    assert.match(done.location!, /notice=done/, step);
  }
  assert.match(
    (await caseworker.post(`/staff/queue/tickets/${ticketId}/start`, { _csrf: csrfIn(page.html), back })).location!,
    /notice=notAllowed/,
  );
  const appointment = await app.db.owner.query<{ status: string }>(
    "SELECT status FROM appointments WHERE reference = 'T-TEST-0001'",
  );
  assert.equal(appointment.rows[0]!.status, 'served', 'the appointment is recorded as served too');

  // Then walk-ins in arrival order; the Persian phone page hears its call.
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId, back })).location!,
    /number=W001/,
  );
  const w001 = (await app.db.owner.query<{ id: string }>("SELECT id FROM queue_tickets WHERE number = 'W001'")).rows[0]!
    .id;
  await caseworker.post(`/staff/queue/tickets/${w001}/no_show`, { _csrf: csrfIn(page.html), back });
  const phoneCalled = nextEvent(
    `${app.base}${persianPhone}/events`,
    (d) => (d as { status: string }).status === 'called',
  );
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId, back })).location!,
    /number=W002/,
  );
  const state = (await phoneCalled) as { lines: string[] };
  assert.match(state.lines[0]!, /Schalter 1/);
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId, back })).location!,
    /notice=busy/,
  );

  const events = await app.db.owner.query<{ event: string }>(
    'SELECT event FROM queue_events WHERE ticket_id = $1 ORDER BY id',
    [ticketId],
  );
  assert.deepEqual(
    events.rows.map((e) => e.event),
    ['checked_in', 'called', 'recalled', 'started', 'served'],
  );
  const times = await app.db.owner.query(
    'SELECT 1 FROM queue_tickets WHERE id = $1 AND arrived_at <= called_at AND called_at <= started_at AND started_at <= ended_at',
    [ticketId],
  );
  assert.equal(times.rowCount, 1, 'arrival, call, start and end are stored in order');
});

test('park, call back, transfer to another counter; a person leaves from the phone page', async () => {
  const menu = await kiosk.get('/kiosk/mitte/en');
  const walkIn = serviceButtons(menu.html).find((b) => b.kind === 'walk_in')!;
  const ticket = await kiosk.post('/kiosk/mitte/en/tickets', {
    _csrf: csrfIn(menu.html),
    serviceId: walkIn.id,
    kind: 'walk_in',
  });
  const leaving = await kiosk.post('/kiosk/mitte/en/tickets', {
    _csrf: csrfIn(menu.html),
    serviceId: walkIn.id,
    kind: 'walk_in',
  });
  const phoneUrl = phoneUrlIn(leaving.html);
  const phone = new Client(app.base);
  const phonePage = await phone.get(phoneUrl);
  assert.match(phonePage.html, /waiting before you|You are next/);
  const cancelled = await phone.post(`${phoneUrl}/cancel`, { _csrf: csrfIn(phonePage.html) });
  assert.equal(cancelled.status, 200);
  assert.match(cancelled.html, /has been deleted/);
  assert.equal((await phone.get('/en/queue/not-a-real-token-but-long-enough-xxxxx')).status, 404);

  const number = numberIn(ticket.html);
  const page = await caseworker.get('/staff/queue?location=mitte');
  const counters = [...page.html.matchAll(/<option value="([0-9a-f-]{36})"[^>]*>(Schalter \d)</g)].map((m) => ({
    id: m[1]!,
    label: m[2]!,
  }));
  const [one, two] = [counters.find((c) => c.label === 'Schalter 1')!, counters.find((c) => c.label === 'Schalter 2')!];
  const back = `/staff/queue?location=mitte&counter=${one.id}`;
  // Finish the previous test's call at Schalter 1 first.
  const open = (
    await app.db.owner.query<{ id: string }>(
      "SELECT id FROM queue_tickets WHERE counter_id = $1 AND status IN ('called','serving')",
      [one.id],
    )
  ).rows;
  for (const row of open)
    await caseworker.post(`/staff/queue/tickets/${row.id}/served`, { _csrf: csrfIn(page.html), back });
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId: one.id, back })).location!,
    new RegExp(`number=${number}`),
  );
  const id = (await app.db.owner.query<{ id: string }>('SELECT id FROM queue_tickets WHERE number = $1', [number]))
    .rows[0]!.id;
  for (const step of ['park', 'resume'])
    assert.match(
      (
        await caseworker.post(`/staff/queue/tickets/${id}/${step}`, {
          _csrf: csrfIn(page.html),
          back,
          counterId: one.id,
        })
      ).location!,
      /notice=done/,
      step,
    );
  const moved = await caseworker.post(`/staff/queue/tickets/${id}/transfer`, {
    _csrf: csrfIn(page.html),
    back,
    toCounterId: two.id,
  });
  assert.match(moved.location!, /notice=done/);
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId: one.id, back })).location!,
    /notice=empty/,
    'a ticket transferred to Schalter 2 is not called at Schalter 1',
  );
  assert.match(
    (await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId: two.id, back })).location!,
    new RegExp(`number=${number}`),
  );
  const bad = await caseworker.post('/staff/queue/tickets/not-a-uuid/served', { _csrf: csrfIn(page.html), back });
  assert.match(bad.location!, /notice=notAllowed/);
});

test('at night, tickets left open on an earlier day end as cancelled, with an event (the pg-boss job)', async () => {
  const {
    rows: [place],
  } = await app.db.owner.query<{ authority: string; location: string; service: string }>(
    `SELECT l.authority_id AS authority, l.id AS location, s.id AS service FROM locations l
       JOIN services s ON s.slug = 'address-change' AND s.authority_id = l.authority_id WHERE l.slug = 'mitte'`,
  );
  const old = await withTenant(app.db.owner, place!.authority, (tx) =>
    insertTicket(tx, {
      authorityId: place!.authority,
      locationId: place!.location,
      serviceId: place!.service,
      officeDay: '2026-01-05',
      kind: 'walk_in',
      locale: 'de',
      appointmentId: null,
      dueAt: null,
      kioskId: null,
    }),
  );
  await app.jobs.runNow(CLOSE_DAYS_JOB);
  const deadline = Date.now() + 15_000;
  let status = 'waiting';
  while (status === 'waiting' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await app.db.owner.query<{ status: string }>('SELECT status FROM queue_tickets WHERE id = $1', [old!.id]))
      .rows[0]!.status;
  }
  assert.equal(status, 'cancelled');
  const events = await app.db.owner.query<{ event: string }>(
    'SELECT event FROM queue_events WHERE ticket_id = $1 ORDER BY id',
    [old!.id],
  );
  assert.deepEqual(
    events.rows.map((e) => e.event),
    ['issued', 'cancelled'],
  );
});
