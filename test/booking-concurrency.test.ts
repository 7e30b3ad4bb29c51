import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findAuthority } from '../src/authorities/find-authority.js';
import { bookingFacts } from '../src/catalog/booking-facts.js';
import { officeToday } from '../src/platform/clock/office-time.js';
import { bookingRules, searchSlots } from '../src/appointments/booking/booking-plan.js';
import { addDays } from '../src/platform/clock/office-time.js';
import { withTenant } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';

// 200 browsers race for the same three times. Rate limits and the proof of work are switched off
// so that the only thing deciding who gets a slot is the database's exclusion constraint.
const CLIENTS = 200;
const SERVICE = 'residence-permit-extension';
const WEEK = `/de/appointments/${SERVICE}/mitte`;
// Times two days ahead, so that none crosses the booking lead time while the test runs.
const PAGE = `${WEEK}?from=${addDays(officeToday(Date.now()), 2)}`;
const TAKEN = 'gerade von jemand anderem reserviert';

let app: TestApp;

before(async () => {
  app = await startTestApp({
    BOOKING_HOLDS_PER_IP_HOUR: '1000000',
    POW_ABOVE_HOLDS_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
});
after(async () => {
  await app?.close();
});

function times(html: string): string[] {
  return [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
}

/** Free counters per start time, as the booking code itself sees them before the race. */
async function capacityAt(startTimes: readonly string[]): Promise<Map<string, number>> {
  const authority = (await findAuthority(app.db.pool, 'musterstadt'))!;
  return withTenant(app.db.pool, authority.id, async (tx) => {
    const service = (await bookingFacts(tx, 'de', { slug: SERVICE }))!;
    const { rows } = await tx.query<{ id: string }>("SELECT id FROM locations WHERE slug = 'mitte'");
    const rules = await bookingRules(tx, authority.id);
    const days = await searchSlots(tx, {
      authorityId: authority.id,
      service,
      locationId: rows[0]!.id,
      channel: 'online',
      firstDay: officeToday(Date.now()),
      days: rules.horizonDays,
      notBefore: Date.now() + rules.leadMinutes * 60_000,
    });
    const slots = days.flatMap((d) => d.slots);
    return new Map(startTimes.map((t) => [t, slots.find((s) => s.startsAt === Date.parse(t))?.counterIds.length ?? 0]));
  });
}

/** Pairs of occupying rows that share a counter and overlap in time: must always be none. */
async function overbookedPairs(): Promise<number> {
  const { rows } = await app.db.owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments a JOIN appointments b
        ON a.counter_id = b.counter_id AND a.id < b.id AND a.occupies AND b.occupies
       AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
  );
  return rows[0]!.n;
}

test(`${CLIENTS} browsers holding the same three times: every free counter is given once, nobody twice`, async (t) => {
  const first = await new Client(app.base).get(PAGE);
  assert.equal(first.status, 200);
  const targets = times(first.html).slice(0, 3);
  assert.equal(targets.length, 3, 'the demo office shows at least three free times');
  const capacity = await capacityAt(targets);
  const totalCapacity = [...capacity.values()].reduce((a, b) => a + b, 0);
  assert.ok(
    [...capacity.values()].every((n) => n >= 1),
    JSON.stringify([...capacity]),
  );
  assert.ok(totalCapacity < CLIENTS, 'far more browsers than counters, or there is no race');
  t.diagnostic(`free counters before the race: ${[...capacity].map(([time, n]) => `${time} × ${n}`).join(', ')}`);

  // Each browser has its own cookies and CSRF token before the race starts, as a real one would.
  const browsers = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new Client(app.base);
      const page = await client.get(PAGE);
      assert.equal(page.status, 200);
      return { client, csrf: csrfIn(page.html) };
    }),
  );
  const results = await Promise.all(
    browsers.map(async ({ client, csrf }, i) => {
      const startsAt = targets[i % targets.length]!;
      const answer = await client.post(`${WEEK}/hold`, { _csrf: csrf, startsAt });
      return { startsAt, ...answer };
    }),
  );

  // Every answer is "held" or the clear "taken" page: no 5xx, no rate limit, no other refusal.
  const unexpected = results.filter((r) => !(r.status === 303 || (r.status === 409 && r.html.includes(TAKEN))));
  assert.deepEqual(
    unexpected.map((r) => `${r.status} ${r.html.slice(0, 200)}`),
    [],
  );
  for (const r of results.filter((r) => r.status === 303))
    assert.match(r.location!, /^\/de\/appointments\/booking\/[0-9a-f-]{36}$/);

  // Exactly the capacity was handed out, per time and in total: no counter left free, none given twice.
  for (const t of targets) {
    const held = results.filter((r) => r.startsAt === t && r.status === 303).length;
    assert.equal(held, capacity.get(t), `holds at ${t}`);
  }
  assert.equal(results.filter((r) => r.status === 303).length, totalCapacity);
  assert.equal(await overbookedPairs(), 0);
  const { rows } = await app.db.owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments WHERE occupies AND status = 'held' AND starts_at = ANY($1::timestamptz[])`,
    [targets],
  );
  assert.equal(rows[0]!.n, totalCapacity);

  // And the public sees those times as gone.
  const afterwards = times((await new Client(app.base).get(PAGE)).html);
  for (const t of targets) assert.ok(!afterwards.includes(t), `${t} is no longer offered`);
});
