/**
 * The status page of applications with 1,000,000 cases in the database (STATUS_CASES): 50
 * connections post the date of birth to the status link of random cases, as the person does after
 * opening the link from the e-mail (POST /de/status/<token>), for BENCH_SECONDS. Goal: p99 < 50 ms.
 *
 * One browser's CSRF cookie and token are fetched once and sent with every request (the token is
 * valid for any form of that cookie). The sign-in limit per address, which also guards the date of
 * birth, is raised to its highest value for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client, csrfIn } from '../test/helpers/client.js';
import { openBookingDb } from './booking.js';
import { benchBirthDate, benchReference, benchStatusToken, seedCases } from './seed-cases.js';
import { freePort, startBenchServer } from './server.js';

const CASES = Number(process.env.STATUS_CASES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const SAMPLES = 20;

type Print = (name: string, value: number, digits?: number) => void;

function randomCase(): number {
  return 1 + Math.floor(Math.random() * CASES);
}

function formOf(csrf: string, i: number): string {
  return new URLSearchParams({ _csrf: csrf, birthDate: benchBirthDate(i) }).toString();
}

async function hammer(base: string, cookie: string, csrf: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    headers: {
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'de-DE,de;q=0.9',
      'content-type': 'application/x-www-form-urlencoded',
      cookie,
    },
    requests: [
      {
        method: 'POST',
        // A case of its own for every request.
        setupRequest: (request) => {
          const i = randomCase();
          return { ...request, path: `/de/status/${benchStatusToken(i)}`, body: formOf(csrf, i) };
        },
      },
    ],
  });
}

export async function statusBench(print: Print): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-bench-status-'));
  const pgPort = await freePort();
  const server = await startBenchServer({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SECRET_KEY: randomBytes(32).toString('base64'),
    // The highest the configuration accepts (per address and 15 minutes): 100,000 in the 12 s of
    // warm-up and measurement would take over 8,000 requests/s.
    LOGIN_ATTEMPTS_PER_IP: '100000',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const db = await openBookingDb(dataDir, pgPort);
  try {
    const started = performance.now();
    await seedCases(db.owner, db.authorityId, CASES);
    const seedSeconds = (performance.now() - started) / 1000;
    const {
      rows: [count],
    } = await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    print('status.cases', count!.n);
    print('status.seed_seconds', seedSeconds);

    // One browser: its CSRF cookie and a token for it, reused by every request.
    const browser = new Client(server.base);
    const gate = await browser.get(`/de/status/${benchStatusToken(1)}`);
    if (gate.status !== 200) throw new Error(`the status gate answered ${gate.status}`);
    const csrf = csrfIn(gate.html);
    const cookie = browser.cookieHeader;
    // A sample: every page shows the reference of the case asked for.
    for (let n = 0; n < SAMPLES; n += 1) {
      const i = n === 0 ? CASES : randomCase();
      const shown = await browser.post(`/de/status/${benchStatusToken(i)}`, {
        _csrf: csrf,
        birthDate: benchBirthDate(i),
      });
      if (shown.status !== 200 || !shown.html.includes(benchReference(i))) {
        throw new Error(
          `status of case ${i} answered ${shown.status} without its reference ${benchReference(i)}: ${shown.html.slice(0, 300)}`,
        );
      }
    }

    await hammer(server.base, cookie, csrf, 2); // warm-up: JIT, prepared statements, connection pool, caches
    const result = await hammer(server.base, cookie, csrf, SECONDS);
    print('status.p99_ms', result.latency.p99);
    print('status.p50_ms', result.latency.p50);
    print('status.requests_per_s', result.requests.average);
    print('status.non_2xx', result.non2xx + result.errors + result.timeouts);
  } finally {
    await db.owner.end();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
