import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { addDays, officeToday } from '../src/platform/clock/office-time.js';
import { type AppProcess, freePort, killAppProcesses, startAppProcess } from './helpers/app-process.js';
import { Client, csrfIn } from './helpers/client.js';
import { type Mailbox, startMailbox } from './helpers/mailbox.js';

/**
 * `npm start` as its own process on the embedded PostgreSQL, killed with SIGKILL in the middle of
 * a booking storm, started again on the same data folder: it comes up by itself (the PostgreSQL
 * the dead app left behind is stopped), no booking the client saw confirmed is lost, and each one's
 * confirmation mail was sent or waits in the outbox.
 */

const SERVICE = 'residence-permit-extension';
const WEEK = `/de/appointments/${SERVICE}/mitte`;
const BOOKERS = 8;
/** Confirmed bookings after which the server is killed. */
const KILL_AFTER = 4;

let dataDir: string;
let mailbox: Mailbox;
let env: Record<string, string>;
let serial = 0;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-crash-'));
  mailbox = await startMailbox();
  env = {
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    EMBEDDED_PG_PORT: String(await freePort()),
    SMTP_URL: mailbox.url,
    BOOKING_HOLDS_PER_IP_HOUR: '1000000',
    POW_ABOVE_HOLDS_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: process.env.CRASH_LOG ?? 'warn',
  };
});
after(async () => {
  await killAppProcesses();
  await stopLeftOverPostgres();
  await mailbox?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Whatever happened, no PostgreSQL is left running on the test's folder. */
async function stopLeftOverPostgres(): Promise<void> {
  const pid = Number(
    (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0],
  );
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // gone already
    }
  }
}

/** Letters only, as a name must be: a different person for every booking. */
function uniqueName(n: number): string {
  let name = '';
  for (let rest = n + 26 * 27; rest > 0; rest = Math.floor(rest / 26)) name += String.fromCharCode(97 + (rest % 26));
  return `K${name}`;
}

interface Confirmed {
  readonly email: string;
}

/** A 503 (the database busy or away: "try again") ends this attempt; anything else unexpected fails the test. */
class TryAgain extends Error {}

function expect(step: string, answer: { status: number; html: string }, wanted: number): void {
  if (answer.status === 503) throw new TryAgain(step);
  if (answer.status !== wanted) throw new Error(`${step}: ${answer.status} ${answer.html.slice(0, 300)}`);
}

/** GETs a form page and POSTs it with its CSRF token; a 503 on either is a TryAgain. */
async function submit(browser: Client, path: string, form: Record<string, string>, step: string) {
  const page = await browser.get(path);
  expect(`${step} page`, page, 200);
  return browser.post(path, { ...form, _csrf: csrfIn(page.html) });
}

/** One person's whole booking: a free time, details, the e-mailed code, confirmed. Throws on anything else. */
async function bookOnce(base: string, killed: Promise<void>): Promise<Confirmed> {
  serial += 1;
  const n = serial;
  const email = `crash-${n}@example.org`;
  const browser = new Client(base);
  const week = await browser.get(`${WEEK}?from=${addDays(officeToday(Date.now()), 2 + (n % 5))}`);
  expect('week', week, 200);
  const times = [...week.html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
  const hold = await browser.post(`${WEEK}/hold`, {
    _csrf: csrfIn(week.html),
    startsAt: times[Math.floor(Math.random() * times.length)]!,
  });
  expect('hold', hold, 303);
  const details = await submit(
    browser,
    hold.location!,
    {
      firstName: 'Lena',
      lastName: uniqueName(n),
      birthDate: '1990-03-31',
      email,
      locale: 'de',
      permitExpiresOn: addDays(officeToday(Date.now()), 40),
    },
    'details',
  );
  expect('details', details, 303);
  const arriving = mailbox.waitFor((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.subject), 20_000);
  arriving.catch(() => undefined);
  const mail = await Promise.race([arriving, killed.then(() => Promise.reject(new Error('killed')))]);
  const code = /\b(\d{6})\b/.exec(mail.subject)![1]!;
  const confirmed = await submit(browser, details.location!, { code }, 'confirm');
  expect('confirm', confirmed, 303);
  assert.match(confirmed.location ?? '', /notice=booked/);
  return { email };
}

/** Bookers book until the server dies under them; what they saw confirmed (the server is killed after KILL_AFTER). */
async function stormUntilKilled(app: AppProcess, killWatchdogToo: boolean): Promise<Confirmed[]> {
  const confirmed: Confirmed[] = [];
  // From the moment the kill is decided, failures are the kill's doing; a 303 seen is still a booking seen.
  let dying = false;
  const killed = app.exited.then(() => undefined);
  const kill = async () => {
    dying = true;
    // The watchdog first, or it might stop PostgreSQL before it dies itself.
    const watchdogs = killWatchdogToo ? await childrenNamed(app.pid, 'willkommen-pg-watchdog') : [];
    if (killWatchdogToo) assert.equal(watchdogs.length, 1, 'one watchdog');
    for (const pid of watchdogs) process.kill(pid, 'SIGKILL');
    await app.kill('SIGKILL');
  };
  let killing: Promise<void> | null = null;
  const booker = async () => {
    while (!dying) {
      try {
        confirmed.push(await bookOnce(app.base, killed));
      } catch (error) {
        if (!dying && !(error instanceof TryAgain)) throw error;
      }
      if (confirmed.length >= KILL_AFTER) killing ??= kill();
    }
  };
  await Promise.all(Array.from({ length: BOOKERS }, booker));
  await killing;
  return confirmed;
}

/** Processes whose parent is `parent` and whose command line holds `name` (Linux /proc). */
async function childrenNamed(parent: number, name: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (ppid === parent && command.includes(name)) found.push(Number(entry));
  }
  return found;
}

async function ownerPool(): Promise<pg.Pool> {
  const password = (await readFile(path.join(dataDir, 'secrets', 'pg-owner-password'), 'utf8')).trim();
  return new pg.Pool({
    connectionString: `postgres://willkommen_owner:${encodeURIComponent(password)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/willkommen`,
    max: 1,
  });
}

/** Every confirmed booking is booked in the database, and its confirmation was sent or is queued. */
async function assertKept(confirmed: readonly Confirmed[]): Promise<void> {
  const owner = await ownerPool();
  try {
    const emails = confirmed.map((c) => c.email);
    const { rows: booked } = await owner.query<{ email: string }>(
      "SELECT email FROM appointments WHERE status = 'booked' AND email = ANY($1)",
      [emails],
    );
    assert.deepEqual(booked.map((r) => r.email).sort(), [...emails].sort(), 'every confirmed booking is booked');
    // The confirmation is the mail with attachments (calendar file and PDF); the code mail has none.
    const { rows: queued } = await owner.query<{ recipient: string }>(
      `SELECT DISTINCT o.recipient FROM mail_outbox o
        WHERE o.recipient = ANY($1) AND o.status IN ('queued', 'sent')
          AND EXISTS (SELECT 1 FROM mail_outbox_attachments a WHERE a.mail_id = o.id)`,
      [emails],
    );
    const received = new Set(mailbox.messages.filter((m) => m.attachments.length > 0).flatMap((m) => m.to));
    const missing = emails.filter((e) => !received.has(e) && !queued.some((r) => r.recipient === e));
    assert.deepEqual(missing, [], 'every confirmation mail is sent or queued');
  } finally {
    await owner.end();
  }
}

test('killed with SIGKILL during a booking storm, the server starts again on its data by itself and keeps every confirmed booking and its mail; a database that dies under it is started again', async (t) => {
  let since = Date.now();
  const first = await startAppProcess({ env });
  t.diagnostic(`first start (initdb, migrations, seeds): ${Date.now() - since} ms`);
  since = Date.now();
  // The watchdog is killed too (as when a whole process group is): only the start-time check can
  // find the PostgreSQL left behind. (pg-watchdog.test.ts shows the watchdog's own part.)
  const confirmed = await stormUntilKilled(first, true);
  assert.ok(confirmed.length >= KILL_AFTER);
  const storm = Date.now() - since;
  since = Date.now();
  // The same command on the same folder, nobody helping.
  const second = await startAppProcess({ env });
  t.diagnostic(`${confirmed.length} confirmed in ${storm} ms before the kill; up again in ${Date.now() - since} ms`);
  assert.match(second.output(), /The embedded PostgreSQL \(pid \d+\) .* outlived the app that started it/);
  await assertKept(confirmed);

  // The database dies under the running app (as under the OOM killer): the app starts it again by
  // itself; meanwhile /health says 503, afterwards 200, and the process never ended.
  const postmaster = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(postmaster, 'SIGKILL');
  const seen = async (status: number) => {
    const answer = await health(second.base);
    if (answer === 0) assert.fail(`the app no longer answers:\n${second.output()}`);
    return answer === status;
  };
  await until('/health reports the outage', () => seen(503));
  await until('/health reports the recovery', () => seen(200));
  assert.match(second.output(), /stopped unexpectedly[\s\S]*runs again/);
  assert.equal((await new Client(second.base).get(`${WEEK}`)).status, 200);

  // A mail the killed worker had claimed waits for its lease (10 minutes) to run out: queued is what is promised.
  assert.equal(await second.stop(), 0, second.output());
});

async function health(base: string): Promise<number> {
  return fetch(`${base}/health`).then(
    (r) => r.status,
    () => 0,
  );
}

/** Polls until `check` holds, or fails at the deadline. */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
