import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import pg from 'pg';
import { addDays, officeToday } from '../src/platform/clock/office-time.js';
import { APP_ROLE } from '../src/platform/database/app-role.js';
import { withTenant } from '../src/platform/database/index.js';
import { isDatabaseUnavailable } from '../src/platform/database/unavailable.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { signedInStaff } from './helpers/staff.js';

/**
 * The application's backends are terminated (as a DBA's pg_terminate_backend, an
 * idle_in_transaction_session_timeout or a failover would): the process lives on, the request in
 * flight gets a 503 with Retry-After in the reader's language, the pool replaces its connections by
 * itself, and /health tells of the outage and the recovery. This test process IS the server: an
 * unhandled `error` event would end it, and the file would fail.
 */

const SERVICE = 'residence-permit-extension';
const WEEK = `/de/appointments/${SERVICE}/mitte`;
const PAGE = `${WEEK}?from=${addDays(officeToday(Date.now()), 2)}`;

let app: TestApp;
/** A superuser on the app's database: terminates backends and takes locks. */
let admin: pg.Pool;
let authorityId: string;
/**
 * What would have ended a real server: node:test reports an uncaught exception as a failure of some
 * test, but keeps the file running; this list makes each test fail on one of its own.
 */
const uncaught: Error[] = [];
process.on('uncaughtExceptionMonitor', (error) => uncaught.push(error));
afterEach(() => {
  assert.deepEqual(
    uncaught.splice(0).map((e) => e.message),
    [],
    'an uncaught exception: the server process would have ended',
  );
});

before(async () => {
  app = await startTestApp({
    PAGE_CACHE_SECONDS: '0',
    BOOKING_HOLDS_PER_IP_HOUR: '1000000',
    POW_ABOVE_HOLDS_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  admin = new pg.Pool({ connectionString: app.config.databaseUrl, max: 3 });
  authorityId = (await admin.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'")).rows[0]!
    .id;
});
after(async () => {
  await admin?.end();
  await app?.close();
});

/** Terminates the app role's backends on this test's database (other test files share the role). */
async function terminate(condition = 'true'): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE usename = $1 AND datname = current_database() AND pid <> pg_backend_pid() AND ${condition}`,
    [APP_ROLE],
  );
  return rows[0]!.n;
}

/** Polls until `check` holds, or fails at the deadline. */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `request` while `table` is locked; the app's backend waiting for the lock is terminated. */
async function terminatedWhileWaiting(table: string, request: () => Promise<Response>): Promise<Response> {
  const locker = await admin.connect();
  try {
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    const answer = request();
    const waiting = "wait_event_type = 'Lock'";
    await until(`an app backend waits for the lock on ${table}`, async () => (await terminate(waiting)) > 0);
    return await answer;
  } finally {
    await locker.query('COMMIT').catch(() => undefined);
    locker.release();
  }
}

test('a connection terminated while idle in transaction fails that transaction as "unavailable", not the process', async () => {
  let entered!: () => void;
  let resume!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  const lostBefore = app.db.health().connectionsLost;
  const work = withTenant(app.db.pool, authorityId, async (tx) => {
    await tx.query("SELECT 'faults-test: idle in transaction'");
    entered();
    // Non-database work while the transaction stays open: the backend is `idle in transaction`.
    await resumed;
    await tx.query('SELECT 1');
  });
  await inside;
  const idle = "state = 'idle in transaction' AND query LIKE '%faults-test: idle in transaction%'";
  assert.equal(await terminate(idle), 1);
  // The termination reaches the checked-out connection as an `error` event: the one that used to end the process.
  await until(
    'the lost connection is noticed',
    () => uncaught.length > 0 || app.db.health().connectionsLost > lostBefore,
  );
  assert.deepEqual(
    uncaught.map((e) => e.message),
    [],
    'the error event was not handled: the server process would have ended',
  );
  resume();
  await assert.rejects(work, (error) => isDatabaseUnavailable(error));
  // The broken connection was dropped; the pool hands out a working one.
  assert.equal(
    await withTenant(app.db.pool, authorityId, async (tx) => (await tx.query('SELECT 1 AS one')).rows[0].one),
    1,
  );
});

test('the request whose backend is terminated gets a 503 in its language with Retry-After; the next one a 200', async () => {
  const page = await terminatedWhileWaiting('services', () =>
    fetch(`${app.base}/tr/services`, { headers: { 'accept-language': 'de' } }),
  );
  assert.equal(page.status, 503);
  assert.equal(page.headers.get('retry-after'), '5');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  assert.match(html, /<html lang="tr"/);
  assert.ok(html.includes('Hizmet şu anda kullanılamıyor'), html.slice(0, 500));

  const api = await terminatedWhileWaiting('services', () => fetch(`${app.base}/api/v1/services`));
  assert.equal(api.status, 503);
  assert.equal(api.headers.get('retry-after'), '5');
  assert.match(api.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(((await api.json()) as { status: number }).status, 503);

  assert.equal((await fetch(`${app.base}/tr/services`)).status, 200);
  const health = (await (await fetch(`${app.base}/health`)).json()) as {
    status: string;
    lastOutage: { from: string; to: string } | null;
  };
  assert.equal(health.status, 'ok');
  assert.ok(health.lastOutage && health.lastOutage.from <= health.lastOutage.to, JSON.stringify(health));
});

test('a staff page whose backend is terminated answers 503 in the staff frame, in the staff member’s language', async () => {
  const { client } = await signedInStaff(app, 'ausfall@musterstadt.example', 'caseworker');
  const page = await terminatedWhileWaiting('cases', () =>
    fetch(`${app.base}/staff/cases`, { headers: { cookie: client.cookieHeader } }),
  );
  assert.equal(page.status, 503);
  assert.equal(page.headers.get('retry-after'), '5');
  const html = await page.text();
  assert.ok(html.includes('Die Datenbank antwortet gerade nicht'), html.slice(0, 800));
  // The staff frame, with the signed-in member's navigation (the guard had found them).
  assert.ok(html.includes('href="/staff/cases"'), 'staff navigation');
  assert.equal((await client.get('/staff/cases')).status, 200);
});

test('backends terminated again and again under load: only 200/303/409 or 503, never a 500 or a reset; then 200 again', async () => {
  const started = Date.now();
  const first = await new Client(app.base).get(PAGE);
  assert.equal(first.status, 200);
  const times = [...first.html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(times.length >= 3, 'free times to hold');

  const statuses = new Map<string, number>();
  const failures: string[] = [];
  let answered = 0;
  let loadDone = false;
  const count = (label: string, status: number, body: string) => {
    answered += 1;
    statuses.set(`${label} ${status}`, (statuses.get(`${label} ${status}`) ?? 0) + 1);
    if (status >= 500 && status !== 503) failures.push(`${label} ${status}: ${body.slice(0, 300)}`);
  };
  const worker = async (i: number) => {
    for (let round = 0; round < 12; round += 1) {
      const browser = new Client(app.base);
      for (const path of ['/de/services', PAGE, `/en/services/${SERVICE}`]) {
        try {
          const answer = await browser.get(path);
          count('GET', answer.status, answer.html);
          if (path !== PAGE || answer.status !== 200) continue;
          const hold = await browser.post(`${WEEK}/hold`, {
            _csrf: csrfIn(answer.html),
            startsAt: times[(i + round) % times.length]!,
          });
          count('hold', hold.status, hold.html);
          if (![303, 409, 503].includes(hold.status)) failures.push(`hold ${hold.status}: ${hold.html.slice(0, 300)}`);
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message} (${String((error as Error).cause)})`);
        }
      }
    }
  };
  const load = Promise.all(Array.from({ length: 12 }, (_, i) => worker(i))).finally(() => {
    loadDone = true;
  });
  // Terminate after every few answers, while the load lasts.
  let terminated = 0;
  let rounds = 0;
  while (!loadDone) {
    const seen = answered;
    await until('more answers', () => loadDone || answered >= seen + 5, 30_000);
    terminated += await terminate();
    rounds += 1;
  }
  await load;
  assert.deepEqual(failures, []);
  assert.ok(rounds >= 5 && terminated >= 5, `terminations during the load: ${terminated} in ${rounds} rounds`);

  // Without a restart: the pages answer 200 again, and /health says the database is up, with the outage behind it.
  await until('the page answers 200 again', async () => (await fetch(`${app.base}${PAGE}`)).status === 200);
  const health = (await (await fetch(`${app.base}/health`)).json()) as {
    status: string;
    connectionsLost: number;
    lastOutage: { from: string; to: string } | null;
  };
  assert.equal(health.status, 'ok');
  assert.ok(health.connectionsLost > 0, JSON.stringify(health));
  assert.ok(health.lastOutage !== null && Date.parse(health.lastOutage.to) >= started, JSON.stringify(health));
  const summary = [...statuses].map(([k, n]) => `${k}: ${n}`).join(', ');
  console.log(`# ${terminated} backends terminated in ${rounds} rounds; answers: ${summary}`);
});
