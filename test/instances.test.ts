/**
 * Two instances on one database, as README "Scaling past one machine" proposes: two app processes
 * (`src/main.ts`, as `npm start` runs it) on one fresh database of the run's PostgreSQL. What one
 * instance counts, books, calls or signs in, the other sees.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { officeToday } from '../src/platform/clock/office-time.js';
import { derivedKey } from '../src/platform/crypto.js';
import { withTenant } from '../src/platform/database/index.js';
import { SharedCounters } from '../src/platform/rate-limit-store/index.js';
import { insertTicket } from '../src/queue/tickets.js';
import type { TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { nextEvent } from './helpers/events.js';
import { AddressedClient, type Instances, startInstances } from './helpers/instances.js';
import { signedInStaff } from './helpers/staff.js';

const WEEK = '/de/appointments/residence-permit-extension/mitte';
const RACERS = 24;
const HOLDS_PER_ADDRESS = 4;
const SIGN_INS_PER_ADDRESS = 6;
const REQUESTS_PER_MINUTE = 30;
// Holds before the proof-of-work test: the race's and the per-address test's (see below).
const HOLDS_BEFORE_POW = RACERS + HOLDS_PER_ADDRESS;
const POW_ABOVE = HOLDS_BEFORE_POW + 3;

let two: Instances;
let a: string;
let b: string;
/** The instance for the i-th request of a sequence: A, B, A, B, … */
const alternate = (i: number) => (i % 2 === 0 ? a : b);

before(async () => {
  two = await startInstances(2, {
    BOOKING_HOLDS_PER_IP_HOUR: String(HOLDS_PER_ADDRESS),
    LOGIN_ATTEMPTS_PER_IP: String(SIGN_INS_PER_ADDRESS),
    RATE_LIMIT_PER_MINUTE: String(REQUESTS_PER_MINUTE),
    POW_ABOVE_HOLDS_PER_MINUTE: String(POW_ABOVE),
  });
  [a, b] = two.apps.map((app) => app.base) as [string, string];
});
after(async () => {
  await two?.close();
});

const timesIn = (html: string) => [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);

test('a booking race across both instances: no two rows overlap, every refused client gets the "taken" page', async () => {
  // Each racer at an address of its own, so that the race meets no per-address limit.
  const racers = await Promise.all(
    Array.from({ length: RACERS }, async (_, i) => {
      const client = new AddressedClient(`127.0.1.${i + 1}`);
      const base = alternate(i);
      const week = await client.get(base + WEEK);
      assert.equal(week.status, 200);
      return { client, base, csrf: csrfIn(week.html), times: timesIn(week.html).slice(0, 3) };
    }),
  );
  assert.equal(racers[0]!.times.length, 3, 'three free times to race for');
  const answers = await Promise.all(
    racers.map(({ client, base, csrf, times }, i) =>
      client.post(`${base}${WEEK}/hold`, { _csrf: csrf, startsAt: times[i % times.length]! }),
    ),
  );
  const held = answers.filter((r) => r.status === 303);
  const taken = answers.filter((r) => r.status === 409);
  assert.equal(held.length + taken.length, RACERS, `statuses: ${answers.map((r) => r.status).join(' ')}`);
  assert.ok(held.length >= 3, 'each raced time went to someone');
  assert.ok(taken.length > 0, 'more racers than counters × times');
  for (const refused of taken) assert.match(refused.html, /von jemand anderem reserviert/);
  const { rows } = await two.owner.query<{ n: number; held: number }>(
    `SELECT (SELECT count(*)::int FROM appointments x JOIN appointments y
               ON x.counter_id = y.counter_id AND x.id < y.id AND x.occupies AND y.occupies
              AND tstzrange(x.starts_at, x.ends_at) && tstzrange(y.starts_at, y.ends_at)) AS n,
            (SELECT count(*)::int FROM appointments WHERE status = 'held') AS held`,
  );
  assert.deepEqual(rows[0], { n: 0, held: held.length });
});

test('holds per address are counted across both: the same N as on one instance', async () => {
  const client = new AddressedClient('127.0.0.5');
  const csrf = csrfIn((await client.get(a + WEEK)).html);
  const statuses: number[] = [];
  for (let i = 0; i <= HOLDS_PER_ADDRESS; i++) {
    statuses.push((await client.post(`${alternate(i)}${WEEK}/hold`, { _csrf: csrf, startsAt: 'never' })).status);
  }
  // Each hold within the limit is answered (a time not offered: 400); the one past it is refused.
  assert.deepEqual(statuses, [...Array(HOLDS_PER_ADDRESS).fill(400), 429]);
});

test('the proof-of-work load is the whole installation’s: past the threshold, both ask for a proof', async () => {
  // The race's holds and the per-address test's are in the last minute already (HOLDS_BEFORE_POW).
  const statuses: number[] = [];
  for (let i = 0; statuses.at(-1) !== 429 && i < 10; i++) {
    const client = new AddressedClient(`127.0.2.${i + 1}`);
    const csrf = csrfIn((await client.get(alternate(i) + WEEK)).html);
    const hold = await client.post(`${alternate(i + 1)}${WEEK}/hold`, { _csrf: csrf, startsAt: 'never' });
    statuses.push(hold.status);
    if (hold.status === 429) assert.match(hold.html, /Sicherheitsprüfung/);
  }
  assert.deepEqual(statuses, [...Array(POW_ABOVE - HOLDS_BEFORE_POW).fill(400), 429]);
  // Both week pages now offer the challenge (each instance reads the load at most a second late).
  for (const base of [a, b]) {
    const deadline = Date.now() + 5_000;
    let page = await new AddressedClient('127.0.2.100').get(base + WEEK);
    while (!page.html.includes('data-pow=') && Date.now() < deadline) {
      page = await new AddressedClient('127.0.2.100').get(base + WEEK);
    }
    assert.match(page.html, /data-pow=/, `${base} asks for a proof of work`);
  }
});

test('sign-ins and status codes per address are counted across both; codes per e-mail address too', async () => {
  const staff = new AddressedClient('127.0.0.6');
  const csrf = csrfIn((await staff.get(`${a}/staff/login`)).html);
  const signIns: number[] = [];
  for (let i = 0; i <= SIGN_INS_PER_ADDRESS; i++) {
    const form = { _csrf: csrf, email: `niemand${i}@example.org`, password: 'falsch falsch falsch' };
    signIns.push((await staff.post(`${alternate(i)}/staff/login`, form)).status);
  }
  assert.equal(signIns.filter((s) => s === 429).length, 1, `statuses: ${signIns}`);
  assert.equal(signIns.at(-1), 429);

  const person = new AddressedClient('127.0.0.7');
  const form = { _csrf: csrfIn((await person.get(`${a}/de/status`)).html), email: 'jemand@example.org' };
  const codes: number[] = [];
  for (let i = 0; i <= SIGN_INS_PER_ADDRESS; i++) {
    codes.push((await person.post(`${alternate(i)}/de/status/code`, form)).status);
  }
  assert.equal(codes.filter((s) => s === 429).length, 1, `statuses: ${codes}`);
  assert.equal(codes.at(-1), 429);
  // Three codes per e-mail address and hour, wherever they were asked for (counted in status_codes).
  const { rows } = await two.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM status_codes');
  assert.equal(rows[0]!.n, 3);
});

test('the global limit per address is shared: what one instance counted, the other refuses at the same N', async () => {
  const counters = new SharedCounters(two.owner, derivedKey(two.installationKey, 'rate limit keys'));
  const key = counters.keyOf('global', '127.0.0.8');
  const counted = async (n: number) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { rows } = await two.owner.query<{ hits: number }>('SELECT hits FROM rate_limit_counters WHERE key = $1', [
        key,
      ]);
      if (rows[0]?.hits === n) return;
      assert.ok(Date.now() < deadline, `${n} hits written behind, found ${rows[0]?.hits}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const client = new AddressedClient('127.0.0.8');
  for (let i = 0; i < 10; i++) assert.equal((await client.get(`${a}/de/`)).status, 200);
  await counted(10);
  // B's first request tells it what A counted (its write returns the shared count).
  assert.equal((await client.get(`${b}/de/`)).status, 200);
  await counted(11);
  const more: number[] = [];
  for (let i = 12; i <= REQUESTS_PER_MINUTE; i++) more.push((await client.get(`${b}/de/`)).status);
  assert.deepEqual(more, Array(REQUESTS_PER_MINUTE - 11).fill(200), 'B allows what A left of the minute');
  const refused = await client.get(`${b}/de/`);
  assert.equal(refused.status, 429);
  assert.match(refused.html, /Zu viele Anfragen/);
});

test('a staff session is valid on both; a call on one instance reaches the display on the other', async () => {
  const [dataDir] = two.apps.map((app) => app.dataDir);
  // signedInStaff plants the account through the owner and signs in over HTTP, here on instance A.
  const onA = (
    await signedInStaff(
      { config: { dataDir }, db: { owner: two.owner }, base: a } as unknown as TestApp,
      'schalter@musterstadt.example',
      'caseworker',
    )
  ).client;
  const onB = new Client(b);
  for (const pair of onA.cookieHeader.split('; ')) {
    const [name = '', ...value] = pair.split('=');
    onB.setCookie(name, value.join('='));
  }
  const { rows } = await two.owner.query<{ authority: string; location: string; service: string }>(
    `SELECT l.authority_id AS authority, l.id AS location, s.id AS service FROM locations l
       JOIN services s ON s.slug = 'address-change' AND s.authority_id = l.authority_id WHERE l.slug = 'mitte'`,
  );
  const place = rows[0]!;
  const ticket = await withTenant(two.owner, place.authority, (tx) =>
    insertTicket(tx, {
      authorityId: place.authority,
      locationId: place.location,
      serviceId: place.service,
      officeDay: officeToday(Date.now()),
      kind: 'walk_in',
      locale: 'de',
      appointmentId: null,
      dueAt: null,
      kioskId: null,
    }),
  );
  const queuePage = await onB.get('/staff/queue?location=mitte');
  assert.equal(queuePage.status, 200, 'the session made on A is valid on B');
  const counterId = /<option value="([0-9a-f-]{36})"[^>]*>Schalter 1</.exec(queuePage.html)![1]!;
  const display = nextEvent(`${b}/display/mitte/events`, (d) =>
    (d as { calls: { number: string }[] }).calls.some((c) => c.number === ticket!.number),
  );
  // The CSRF token of B's page, posted to A: the session's secret is in the database, not in a process.
  const called = await onA.post('/staff/queue/call-next', {
    _csrf: csrfIn(queuePage.html),
    counterId,
    back: `/staff/queue?location=mitte&counter=${counterId}`,
  });
  assert.match(called.location ?? '', new RegExp(`notice=called&number=${ticket!.number}`));
  const shown = (await display) as { calls: { number: string; counter: string }[] };
  assert.equal(shown.calls[0]!.counter, 'Schalter 1');
});

test('each scheduled job runs once per schedule, not once per instance', async () => {
  // Both instances schedule every job and work every queue; pg-boss lets one of them send each
  // minute's job (its cron lock and the job's singleton key) and one worker take it.
  const minutely = ['appointments-sweep', 'mail-outbox', 'renewals-import'];
  const deadline = Date.now() + 60_000;
  let done: { name: string }[] = [];
  while (done.length < minutely.length) {
    assert.ok(Date.now() < deadline, `scheduled jobs completed: ${done.map((d) => d.name)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    done = (
      await two.owner.query<{ name: string }>(
        `SELECT DISTINCT name FROM pgboss.job WHERE name = ANY($1) AND state = 'completed'`,
        [minutely],
      )
    ).rows;
  }
  const { rows } = await two.owner.query<{ name: string; minute: Date; n: number }>(
    `SELECT name, date_trunc('minute', created_on) AS minute, count(*)::int AS n FROM pgboss.job
      WHERE name = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1`,
    [minutely],
  );
  assert.deepEqual(rows, [], 'no job twice in one minute');
  const twice = await two.owner.query(
    `SELECT name FROM pgboss.job WHERE name = ANY($1) AND (retry_count > 0 OR state NOT IN ('created', 'active', 'completed'))`,
    [minutely],
  );
  assert.deepEqual(twice.rows, [], 'no job retried or failed');
});
