/**
 * The office's figures with one authority of 1,000,000 cases and 2,000,000 appointments and walk-in
 * tickets (REPORTS_CASES, REPORTS_VISITS), seeded set-based; then the nightly aggregation
 * (reports/aggregate-figures.ts) and every report page measured as the head opens it (a signed-in
 * team lead, one request at a time, REPORT_SAMPLES each). Goal: p95 < 300 ms. The public processing
 * times under 50 concurrent connections for BENCH_SECONDS (goal: p99 reported).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { hashPassword } from '../src/identity/passwords.js';
import { currentTotp, newTotpSecret } from '../src/identity/totp.js';
import { addDays, officeToday } from '../src/platform/clock/office-time.js';
import { sealer } from '../src/platform/crypto.js';
import { aggregateFigures } from '../src/reports/aggregate-figures.js';
import { refreshLeadTimes } from '../src/reports/refresh-lead-times.js';
import { Client } from '../test/helpers/client.js';
import { openBookingDb } from './booking.js';
import { seedCases } from './seed-cases.js';
import { freePort, startBenchServer } from './server.js';
import { seedVisits } from './seed-visits.js';

const CASES = Number(process.env.REPORTS_CASES ?? 1_000_000);
/** Appointments and tickets together (half each). */
const VISITS = Number(process.env.REPORTS_VISITS ?? 2_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SAMPLES = Number(process.env.REPORT_SAMPLES ?? 20);
const PASSWORD = 'Kennzahlen für den Rat, jeden Monat';

const today = officeToday(Date.now());
const yearStart = `${addDays(today, -1).slice(0, 4)}-01-01`;

/**
 * Every report page, by path, as the head opens it: each page with its default period (the last
 * 30 days) and with this year so far. The other capabilities' figures pages are added here.
 */
export const REPORT_PAGES: readonly string[] = [
  '/staff/reports',
  '/staff/reports/waiting',
  '/staff/reports/appointments',
  '/staff/reports/processing',
  `/staff/reports/waiting?from=${yearStart}`,
  `/staff/reports/appointments?from=${yearStart}`,
  `/staff/reports/processing?from=${yearStart}`,
  `/staff/reports/processing/processing-services.csv?from=${yearStart}`,
  `/staff/reports/waiting/waiting-hours.csv?from=${yearStart}`,
];

type Print = (name: string, value: number, digits?: number) => void;

function p(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A team lead of the demo office without limits, signed in with password and second factor. */
async function signedInLead(base: string, owner: import('pg').Pool, authorityId: string, key: string): Promise<Client> {
  const secret = newTotpSecret();
  const email = 'head@bench.example';
  const {
    rows: [user],
  } = await owner.query<{ id: string }>(
    `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash, totp_secret_sealed, totp_confirmed_at)
     VALUES ($1, $2, 'Head', 'active', $3, $4, now()) RETURNING id`,
    [authorityId, email, await hashPassword(PASSWORD), sealer(key).seal(secret)],
  );
  await owner.query("INSERT INTO staff_roles (user_id, authority_id, role) VALUES ($1, $2, 'team_lead')", [
    user!.id,
    authorityId,
  ]);
  const client = new Client(base);
  const first = await client.submit('/staff/login', '/staff/login', { email, password: PASSWORD });
  const second = await client.submit(first.location!, first.location!, { code: await currentTotp(secret) });
  if (second.location !== '/staff') throw new Error(`sign-in ended at ${second.location}`);
  return client;
}

async function timed(client: Client, pathName: string): Promise<number> {
  const started = performance.now();
  const response = await client.get(pathName);
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${pathName} answered ${response.status}`);
  return ms;
}

export async function reportsBench(print: Print): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-bench-reports-'));
  const pgPort = await freePort();
  const key = randomBytes(32).toString('base64');
  const server = await startBenchServer({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SECRET_KEY: key,
    LOGIN_ATTEMPTS_PER_IP: '100000',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const db = await openBookingDb(dataDir, pgPort);
  try {
    let started = performance.now();
    const cases = await seedCases(db.owner, db.authorityId, CASES);
    const visits = await seedVisits(db.owner, db.authorityId, Math.floor(VISITS / 2), VISITS - Math.floor(VISITS / 2));
    print('reports.seed_seconds', (performance.now() - started) / 1000);
    print('reports.rows', cases.cases + visits.appointments + visits.tickets);

    // The run at the server's start found no history yet: the first run over the seeded two years.
    await db.owner.query('DELETE FROM report_runs');
    started = performance.now();
    const aggregated = await aggregateFigures(db.owner, db.authorityId);
    print('reports.aggregate_seconds', (performance.now() - started) / 1000);
    print('reports.aggregate_rows', aggregated.rows);
    started = performance.now();
    await refreshLeadTimes(db.owner, db.authorityId);
    print('reports.lead_times_seconds', (performance.now() - started) / 1000);

    const lead = await signedInLead(server.base, db.owner, db.authorityId, key);
    for (const page of REPORT_PAGES) await timed(lead, page); // warm-up: JIT, plans, pools
    const all: number[] = [];
    for (const page of REPORT_PAGES) {
      const times: number[] = [];
      for (let n = 0; n < SAMPLES; n += 1) times.push(await timed(lead, page));
      times.sort((a, b) => a - b);
      all.push(...times);
      console.error(`  ${page}: p50 ${p(times, 0.5).toFixed(1)} ms, p95 ${p(times, 0.95).toFixed(1)} ms`);
    }
    all.sort((a, b) => a - b);
    print('reports.p95_ms', p(all, 0.95));
    print('reports.max_ms', all[all.length - 1]!);

    const api = `${server.base}/api/v1/processing-times?locale=de`;
    await autocannon({ url: api, connections: 50, duration: 2 }); // warm-up
    const result = await autocannon({ url: api, connections: 50, duration: SECONDS });
    print('processing_times.p99_ms', result.latency.p99);
    print('processing_times.requests_per_s', result.requests.average);
    print('processing_times.non_2xx', result.non2xx + result.errors + result.timeouts);
  } finally {
    await db.owner.end();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
