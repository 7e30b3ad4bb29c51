/**
 * Booking benchmarks (part of `npm run bench`):
 * - the storm: 200 browsers at once on 20 slot units (4 counters × 5 times), through HTTP against
 *   the app as `npm start` runs it, compared with the bare SQL claim (200 PostgreSQL connections
 *   INSERTing into the same 20 units) measured on the same database in the same run;
 * - availability: 90 days of free times at a location with 10 counters, 30 % booked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { officeToday, OFFICE_TIME_ZONE } from '../src/platform/clock/office-time.js';
import { bookingRules, searchSlots } from '../src/appointments/booking/booking-plan.js';
import { closedDaysFor } from '../src/appointments/booking/holidays.js';
import { addDays, minutesOf } from '../src/platform/clock/office-time.js';
import { freeSlots, type BusyTime, type CounterPlan } from '../src/appointments/booking/slots.js';
import { bookingFacts } from '../src/catalog/booking-facts.js';
import { withTenant } from '../src/platform/database/index.js';
import { Client, csrfIn } from '../test/helpers/client.js';
import { freePort, startBenchServer, type BenchServer } from './server.js';

const SERVICE = 'residence-permit-extension';
const CLIENTS = 200;
const STORM_COUNTERS = 4;
const STORM_TIMES = 5; // 4 × 5 = 20 slot units
// The day raced for: two days ahead, so that no time crosses the booking lead time during the run.
const STORM_DAY = addDays(officeToday(Date.now()), 2);
const STORM_ROUNDS = Number(process.env.BOOKING_STORM_ROUNDS ?? 10);
// The plain claim's rounds take up to seconds each when deadlocks wait out deadlock_timeout.
const RAW_ROUNDS = Number(process.env.BOOKING_RAW_ROUNDS ?? 20);
const EXCLUSION_VIOLATION = '23P01';
const DEADLOCK = '40P01';

type Print = (name: string, value: number, digits?: number) => void;

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

export interface BookingDb {
  readonly owner: pg.Pool;
  readonly appUrl: string;
  readonly authorityId: string;
  readonly service: { id: string; minutes: number };
}

/** Opens owner access to the database of an app whose data folder is `dataDir` (embedded PostgreSQL). */
export async function openBookingDb(dataDir: string, pgPort: number): Promise<BookingDb> {
  const secret = async (name: string) =>
    encodeURIComponent((await readFile(path.join(dataDir, 'secrets', name), 'utf8')).trim());
  // The embedded cluster's owner is its superuser, so it sees every authority's rows.
  const owner = new pg.Pool({
    connectionString: `postgres://willkommen_owner:${await secret('pg-owner-password')}@127.0.0.1:${pgPort}/willkommen`,
    max: 4,
  });
  const appUrl = `postgres://willkommen_app:${await secret('pg-app-password')}@127.0.0.1:${pgPort}/willkommen`;
  const {
    rows: [a],
  } = await owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'");
  const {
    rows: [s],
  } = await owner.query<{ id: string; minutes: number }>(
    'SELECT id, appointment_minutes AS minutes FROM services WHERE slug = $1 AND authority_id = $2',
    [SERVICE, a!.id],
  );
  return { owner, appUrl, authorityId: a!.id, service: s! };
}

/**
 * A location of its own for a benchmark, so that the demo office's bookings cannot disturb it:
 * `counters` counters serving the services, open and taking online bookings `opens`–`closes` on `weekdays`.
 */
export async function createLocation(
  db: Pick<BookingDb, 'owner' | 'authorityId'>,
  o: {
    slug: string;
    serviceIds: readonly string[];
    counters: number;
    weekdays: readonly number[];
    opens: string;
    closes: string;
  },
): Promise<{ locationId: string; counterIds: string[] }> {
  const client = await db.owner.connect();
  try {
    await client.query('BEGIN');
    const {
      rows: [loc],
    } = await client.query<{ id: string }>(
      `INSERT INTO locations (authority_id, slug, name, street, postal_code, city, phone, email)
       VALUES ($1, $2, $3, 'Benchstraße 1', '10115', 'Musterstadt', '+49 30 000', 'bench@musterstadt.example') RETURNING id`,
      [db.authorityId, o.slug, o.slug],
    );
    const locationId = loc!.id;
    for (const day of o.weekdays) {
      await client.query(
        'INSERT INTO opening_hours (location_id, authority_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5)',
        [locationId, db.authorityId, day, o.opens, o.closes],
      );
    }
    for (const serviceId of o.serviceIds) {
      await client.query('INSERT INTO service_locations (service_id, location_id, authority_id) VALUES ($1, $2, $3)', [
        serviceId,
        locationId,
        db.authorityId,
      ]);
    }
    const counterIds: string[] = [];
    for (let i = 1; i <= o.counters; i++) {
      const {
        rows: [c],
      } = await client.query<{ id: string }>(
        'INSERT INTO counters (authority_id, location_id, label) VALUES ($1, $2, $3) RETURNING id',
        [db.authorityId, locationId, `Bench ${i}`],
      );
      counterIds.push(c!.id);
      for (const serviceId of o.serviceIds) {
        await client.query('INSERT INTO counter_services (counter_id, service_id, authority_id) VALUES ($1, $2, $3)', [
          c!.id,
          serviceId,
          db.authorityId,
        ]);
      }
      for (const day of o.weekdays) {
        await client.query(
          `INSERT INTO counter_hours (counter_id, authority_id, weekday, opens, closes, channel) VALUES ($1, $2, $3, $4, $5, 'online')`,
          [c!.id, db.authorityId, day, o.opens, o.closes],
        );
      }
    }
    await client.query('COMMIT');
    return { locationId, counterIds: counterIds.sort() };
  } finally {
    client.release();
  }
}

/** Pairs of occupying rows at one counter that overlap in time: the thing that must never exist. */
export async function overbookedPairs(owner: pg.Pool): Promise<number> {
  const { rows } = await owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments a JOIN appointments b
        ON a.counter_id = b.counter_id AND a.id < b.id AND a.occupies AND b.occupies
       AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
  );
  return rows[0]!.n;
}

function timesIn(html: string): string[] {
  return [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
}

interface StormTotals {
  attempts: number;
  booked: number;
  seconds: number;
  latencies: number[];
  errors: number;
  overbooked: number;
}

/** Rounds of 200 browsers posting "hold" at once; tokens and cookies are fetched before the clock starts. */
export async function httpStorm(base: string, db: BookingDb, locationId: string): Promise<StormTotals> {
  const week = `/de/appointments/${SERVICE}/bench-storm`;
  const page = `${week}?from=${STORM_DAY}`;
  const totals: StormTotals = { attempts: 0, booked: 0, seconds: 0, latencies: [], errors: 0, overbooked: 0 };
  for (let round = 0; round <= STORM_ROUNDS; round++) {
    await db.owner.query('DELETE FROM appointments WHERE location_id = $1', [locationId]);
    const browsers = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const client = new Client(base);
        const shown = await client.get(page);
        if (shown.status !== 200) throw new Error(`${page} answered ${shown.status}: ${shown.html.slice(0, 300)}`);
        return { client, csrf: csrfIn(shown.html), times: timesIn(shown.html).slice(0, STORM_TIMES) };
      }),
    );
    const started = performance.now();
    const answers = await Promise.all(
      browsers.map(async ({ client, csrf, times }, i) => {
        const t0 = performance.now();
        const { status } = await client.post(`${week}/hold`, { _csrf: csrf, startsAt: times[i % times.length]! });
        return { status, ms: performance.now() - t0 };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    totals.overbooked += await overbookedPairs(db.owner); // checked after every round, warm-up included
    if (round === 0) continue; // warm-up: JIT, prepared statements, connection pool
    totals.attempts += answers.length;
    totals.seconds += seconds;
    totals.booked += answers.filter((a) => a.status === 303).length;
    totals.errors += answers.filter((a) => a.status !== 303 && a.status !== 409).length;
    totals.latencies.push(...answers.map((a) => a.ms));
  }
  return totals;
}

/**
 * The same race in bare SQL: 200 connections (the app's role, under row-level security) INSERT into
 * 20 (counter, time) units, one statement each, no HTTP and no transaction around it.
 * 'plain' is the claim exactly as claimCounter issues it; 'onConflict' adds ON CONFLICT DO NOTHING,
 * which PostgreSQL checks as a speculative insertion and so never deadlocks (see below).
 */
async function rawStorm(
  db: BookingDb,
  locationId: string,
  counterIds: readonly string[],
  units: readonly { startsAt: Date; endsAt: Date }[],
  form: 'plain' | 'onConflict',
  rounds: number,
): Promise<StormTotals & { deadlocks: number }> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: db.appUrl });
      await c.connect();
      await c.query(`SELECT set_config('app.authority_id', $1, false)`, [db.authorityId]);
      return c;
    }),
  );
  const text = `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, releases_at, hold_token_hash)
                VALUES ($1, $2, $3, $4, $5, 'online', $6, $7, 'held', now() + interval '10 minutes', $8)${form === 'onConflict' ? ' ON CONFLICT DO NOTHING' : ''} RETURNING id`;
  const totals = {
    attempts: 0,
    booked: 0,
    seconds: 0,
    latencies: [] as number[],
    errors: 0,
    overbooked: 0,
    deadlocks: 0,
  };
  try {
    for (let round = 0; round <= rounds; round++) {
      await db.owner.query('DELETE FROM appointments WHERE location_id = $1', [locationId]);
      const started = performance.now();
      const results = await Promise.all(
        clients.map(async (c, i) => {
          const counterId = counterIds[i % counterIds.length]!;
          const time = units[Math.floor(i / counterIds.length) % units.length]!;
          const t0 = performance.now();
          try {
            const { rowCount } = await c.query({
              name: `claim-${form}`,
              text,
              values: [
                db.authorityId,
                `T-${randomRef()}-${randomRef()}`,
                db.service.id,
                locationId,
                counterId,
                time.startsAt,
                time.endsAt,
                randomBytes(32),
              ],
            });
            return { ok: rowCount === 1, deadlock: false, ms: performance.now() - t0 };
          } catch (error) {
            // Two plain INSERTs into one unit at the same instant can each wait for the other's
            // uncommitted row while checking the exclusion constraint: PostgreSQL aborts one of them
            // as a deadlock, but only after deadlock_timeout (1 s). Nobody gets the slot twice.
            const code = (error as { code?: string }).code;
            if (code !== EXCLUSION_VIOLATION && code !== DEADLOCK) throw error;
            return { ok: false, deadlock: code === DEADLOCK, ms: performance.now() - t0 };
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      totals.overbooked += await overbookedPairs(db.owner);
      if (round === 0) continue; // warm-up: prepared statement, caches
      totals.attempts += results.length;
      totals.seconds += seconds;
      totals.booked += results.filter((r) => r.ok).length;
      totals.deadlocks += results.filter((r) => r.deadlock).length;
      totals.latencies.push(...results.map((r) => r.ms));
    }
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  return totals;
}

function randomRef(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  return Array.from(randomBytes(4), (b) => alphabet[b % alphabet.length]).join('');
}

/** Fills about `share` of a location's slots for the next `days` days with booked appointments. */
export async function fillBookings(db: BookingDb, locationId: string, days: number, share: number): Promise<number> {
  const { rowCount } = await db.owner.query(
    `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, identity_key, email_key, confirmed_at)
     SELECT $1, 'T-' || upper(lpad(to_hex(n / 65536), 4, '0')) || '-' || upper(lpad(to_hex(n % 65536), 4, '0')), $2, $3, counter_id, 'online',
            t, t + make_interval(mins => $4), 'booked', sha256(convert_to(n::text || counter_id::text, 'UTF8')), 'p' || n || '@bench.example', now()
       FROM (SELECT row_number() OVER () AS n, c.id AS counter_id,
                    ((d::date + time '08:00' + make_interval(mins => $4 * k)) AT TIME ZONE 'Europe/Berlin') AS t
               FROM counters c, generate_series(current_date, current_date + $5::int, interval '1 day') d,
                    generate_series(0, (480 / $4) - 1) k
              WHERE c.location_id = $3 AND extract(isodow FROM d) BETWEEN 1 AND 5 AND random() < $6) s`,
    [db.authorityId, db.service.id, locationId, db.service.minutes, days, share],
  );
  return rowCount ?? 0;
}

/** 90 days of availability: the use case's reads plus the pure function, and the pure function alone. */
async function availability(
  db: BookingDb,
  locationId: string,
): Promise<{ p95: number; pureP95: number; slots: number }> {
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 2 });
  try {
    const search = async () =>
      withTenant(pool, db.authorityId, async (tx) => {
        const service = (await bookingFacts(tx, 'de', { id: db.service.id }))!;
        const rules = await bookingRules(tx, db.authorityId);
        const now = Date.now();
        return searchSlots(tx, {
          authorityId: db.authorityId,
          service,
          locationId,
          channel: 'online',
          firstDay: officeToday(now),
          days: 90,
          notBefore: now + rules.leadMinutes * 60_000,
        });
      });
    const timed = async (work: () => unknown) => {
      const t0 = performance.now();
      await work();
      return performance.now() - t0;
    };
    for (let i = 0; i < 30; i++) await search();
    const full: number[] = [];
    for (let i = 0; i < 200; i++) full.push(await timed(search));
    const slots = (await search()).reduce((n, d) => n + d.slots.length, 0);

    // The pure function's inputs, read once as booking-plan.ts reads them.
    const firstDay = officeToday(Date.now());
    const {
      rows: [authority],
    } = await db.owner.query<{ state_code: string }>('SELECT state_code FROM authorities WHERE id = $1', [
      db.authorityId,
    ]);
    const stateCode = authority!.state_code;
    const { rows: counters } = await db.owner.query<{
      id: string;
      hours: { weekday: number; opens: string; closes: string }[];
    }>(
      `SELECT c.id, json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens, 'closes', h.closes)) AS hours
         FROM counters c JOIN counter_hours h ON h.counter_id = c.id WHERE c.location_id = $1 GROUP BY c.id`,
      [locationId],
    );
    const plans: CounterPlan[] = counters.map((c) => ({
      id: c.id,
      serviceIds: [db.service.id],
      hours: c.hours.map((h) => ({
        weekday: h.weekday,
        opens: minutesOf(h.opens),
        closes: minutesOf(h.closes),
        channel: 'online' as const,
      })),
    }));
    const { rows: opening } = await db.owner.query<{ weekday: number; opens: string; closes: string }>(
      'SELECT weekday, opens::text, closes::text FROM opening_hours WHERE location_id = $1',
      [locationId],
    );
    const { rows: busyRows } = await db.owner.query<{ counter_id: string; starts_at: Date; ends_at: Date }>(
      'SELECT counter_id, starts_at, ends_at FROM appointments WHERE location_id = $1 AND occupies',
      [locationId],
    );
    const busy: BusyTime[] = busyRows.map((r) => ({
      counterId: r.counter_id,
      startsAt: r.starts_at.getTime(),
      endsAt: r.ends_at.getTime(),
    }));
    const request = {
      serviceId: db.service.id,
      durationMinutes: db.service.minutes,
      channel: 'online' as const,
      firstDay,
      days: 90,
      notBefore: Date.now() + 120 * 60_000,
      timeZone: OFFICE_TIME_ZONE,
      openingHours: opening.map((h) => ({
        weekday: h.weekday,
        opens: minutesOf(h.opens),
        closes: minutesOf(h.closes),
      })),
      closedDays: closedDaysFor(stateCode, firstDay, 90, []),
    };
    const pureSlots = freeSlots(request, plans, busy).reduce((n, d) => n + d.slots.length, 0);
    if (pureSlots !== slots)
      console.error(`availability: the pure inputs give ${pureSlots} slots, the use case ${slots}`);
    for (let i = 0; i < 30; i++) freeSlots(request, plans, busy);
    const pure: number[] = [];
    for (let i = 0; i < 200; i++) pure.push(await timed(() => freeSlots(request, plans, busy)));
    return { p95: percentile(full, 0.95), pureP95: percentile(pure, 0.95), slots };
  } finally {
    await pool.end();
  }
}

/**
 * Starts the app as `npm start` does, in a data folder this bench keeps across one restart: the
 * embedded PostgreSQL allows 100 connections by default, and the bare-SQL comparison needs 200
 * (the app itself still uses its own pool of 10).
 */
export async function startWithRoomFor200(): Promise<{ server: BenchServer; db: BookingDb; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-bench-booking-'));
  const pgPort = await freePort();
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SECRET_KEY: randomBytes(32).toString('base64'),
    // Rate limits and proof of work off: the storm measures the booking path, not the bot defences.
    BOOKING_HOLDS_PER_IP_HOUR: '100000000',
    POW_ABOVE_HOLDS_PER_MINUTE: '100000000',
  };
  let server = await startBenchServer(env);
  const first = await openBookingDb(dataDir, pgPort);
  await first.owner.query('ALTER SYSTEM SET max_connections = 400');
  await first.owner.end();
  await server.stop();
  server = await startBenchServer(env);
  const db = await openBookingDb(dataDir, pgPort);
  return {
    server,
    db,
    async stop() {
      await db.owner.end();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function bookingBenches(print: Print): Promise<void> {
  const { server, db, stop } = await startWithRoomFor200();
  try {
    // Storm: 4 counters with exactly 5 slots a day; the browsers pick among the first 5 times shown.
    const end = minutesOf('08:00') + STORM_TIMES * db.service.minutes;
    const storm = await createLocation(db, {
      slug: 'bench-storm',
      serviceIds: [db.service.id],
      counters: STORM_COUNTERS,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      opens: '08:00',
      closes: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
    });
    const http = await httpStorm(server.base, db, storm.locationId);
    const httpPerSecond = http.attempts / http.seconds;
    print('booking.storm.bookings_per_s', httpPerSecond);
    print('booking.storm.p50_ms', percentile(http.latencies, 0.5));
    print('booking.storm.p99_ms', percentile(http.latencies, 0.99));
    print('booking.storm.booked', http.booked / STORM_ROUNDS);
    print('booking.storm.capacity', STORM_COUNTERS * STORM_TIMES);
    print('booking.storm.errors', http.errors);

    // The raw race uses the very times the browsers raced for (the first 5 the week page offers).
    const page = await new Client(server.base).get(`/de/appointments/${SERVICE}/bench-storm?from=${STORM_DAY}`);
    const units = timesIn(page.html)
      .slice(0, STORM_TIMES)
      .map((t) => ({ startsAt: new Date(t), endsAt: new Date(Date.parse(t) + db.service.minutes * 60_000) }));
    // The baseline is the statement the app sends (claimCounter: INSERT … ON CONFLICT DO NOTHING).
    const raw = await rawStorm(db, storm.locationId, storm.counterIds, units, 'onConflict', RAW_ROUNDS * 5);
    const rawPerSecond = raw.attempts / raw.seconds;
    // For reference, a plain INSERT: racing inserts checking an exclusion constraint can deadlock.
    const plain = await rawStorm(db, storm.locationId, storm.counterIds, units, 'plain', RAW_ROUNDS);
    print('booking.storm.overbooked', http.overbooked + raw.overbooked + plain.overbooked);
    print('booking.storm.raw_per_s', rawPerSecond);
    print('booking.storm.raw_p99_ms', percentile(raw.latencies, 0.99));
    print('booking.storm.raw_booked', raw.booked / (RAW_ROUNDS * 5));
    print('booking.storm.ratio', httpPerSecond / rawPerSecond, 3);
    print('booking.storm.raw_plain_per_s', plain.attempts / plain.seconds);
    print('booking.storm.raw_plain_deadlocks', plain.deadlocks);

    // Availability: 10 counters Mon–Fri 08:00–16:00, about 30 % of the next 90 days booked.
    const avail = await createLocation(db, {
      slug: 'bench-availability',
      serviceIds: [db.service.id],
      counters: 10,
      weekdays: [1, 2, 3, 4, 5],
      opens: '08:00',
      closes: '16:00',
    });
    await fillBookings(db, avail.locationId, 91, 0.3);
    await db.owner.query('ANALYZE appointments'); // fresh statistics, as the autovacuum would leave them
    const found = await availability(db, avail.locationId);
    print('availability.90d.p95_ms', found.p95, 2);
    print('availability.90d.pure_p95_ms', found.pureP95, 2);
    print('availability.90d.free_slots', found.slots);
  } finally {
    await stop();
  }
}
