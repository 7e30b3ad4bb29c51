/**
 * A hand-made month of the demo office for the reports' tests, inserted through the owner pool:
 * every figure the tests expect is computed by hand from these lists.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { addDays, instantOf, OFFICE_TIME_ZONE } from '../src/platform/clock/office-time.js';

/** Service A: 20 decided cases, days from receipt to decision. Sorted; median (rank 10) 6, p80 (rank 16) 10. */
export const DAYS_A = [1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 7, 7, 8, 9, 9, 10, 10, 12, 15, 30];
/** Service B: 19 decided cases of 3 days each: one short of a published figure. */
export const DAYS_B = Array.from({ length: 19 }, () => 3);
/** Open cases of service A: (age in days, state). */
export const OPEN_A: readonly [number, string][] = [
  [0, 'received'],
  [30, 'in_review'],
  [31, 'incomplete'],
  [90, 'in_review'],
  [91, 'waiting_other_authority'],
  [180, 'in_review'],
  [181, 'ready_for_decision'],
];
/** Walk-ins at location 1 on the seeded day at 09:xx, minutes waited; p50 (rank 5) 10, p90 (rank 9) 25. Plus 2 never called. */
export const WAITS_L1 = [1, 3, 5, 8, 10, 12, 15, 20, 25, 40];
/** One walk-in at location 2: 100 minutes. */
export const WAIT_L2 = 100;

export interface Seeded {
  readonly authorityId: string;
  readonly serviceA: string;
  readonly serviceB: string;
  readonly location1: string;
  readonly location2: string;
  /** The office day everything happened on (10 days ago). */
  readonly day: string;
}

let counter = 0;
const code = () => {
  counter += 1;
  return counter.toString(36).toUpperCase().padStart(4, '0');
};
const reference = (prefix: string) => `${prefix}-${code()}-${code()}`;

export async function seedMonth(owner: pg.Pool, today: string): Promise<Seeded> {
  const { rows: authority } = await owner.query<{ id: string }>(
    "SELECT id FROM authorities WHERE slug = 'musterstadt'",
  );
  const authorityId = authority[0]!.id;
  const { rows: services } = await owner.query<{ id: string }>(
    'SELECT id FROM services WHERE authority_id = $1 AND online_application ORDER BY slug LIMIT 2',
    [authorityId],
  );
  const { rows: locations } = await owner.query<{ id: string }>(
    'SELECT id FROM locations WHERE authority_id = $1 ORDER BY slug LIMIT 2',
    [authorityId],
  );
  const seeded = {
    authorityId,
    serviceA: services[0]!.id,
    serviceB: services[1]!.id,
    location1: locations[0]!.id,
    location2: locations[1]!.id,
    day: addDays(today, -10),
  };
  const at = (day: string, minutes: number) => new Date(instantOf(day, minutes, OFFICE_TIME_ZONE));
  for (const days of DAYS_A)
    await decidedCase(owner, seeded, seeded.serviceA, at(addDays(seeded.day, -days), 600), at(seeded.day, 700));
  for (const days of DAYS_B)
    await decidedCase(owner, seeded, seeded.serviceB, at(addDays(seeded.day, -days), 600), at(seeded.day, 700));
  for (const [age, state] of OPEN_A) {
    const id = await insertCase(owner, seeded, seeded.serviceA, at(addDays(today, -age), 720), state);
    if (state === 'incomplete') {
      await owner.query(
        `INSERT INTO document_requests (authority_id, case_id, document_slugs, template, due_on) VALUES ($1, $2, ARRAY['passport'], 'missing', $3)`,
        [authorityId, id, addDays(today, -1)],
      );
    }
    if (state === 'ready_for_decision') {
      await owner.query(
        `UPDATE cases SET record = jsonb_build_object('hearing', jsonb_build_object('heardOn', $2::text)) WHERE id = $1`,
        [id, addDays(today, -5)],
      );
    }
  }
  for (const [i, wait] of WAITS_L1.entries()) await ticket(owner, seeded, seeded.location1, 540 + i, wait, 'served');
  await ticket(owner, seeded, seeded.location1, 560, null, 'cancelled');
  await ticket(owner, seeded, seeded.location1, 561, null, 'no_show');
  await ticket(owner, seeded, seeded.location2, 545, WAIT_L2, 'served');
  // Appointments at location 1 for service A: 5 served, 2 missed, 1 never recorded, 1 cancelled after confirming.
  const outcomes = ['served', 'served', 'served', 'served', 'served', 'no_show', 'no_show', 'booked', 'cancelled'];
  for (const [i, status] of outcomes.entries()) await appointment(owner, seeded, at(seeded.day, 480 + i * 30), status);
  return seeded;
}

async function insertCase(
  owner: pg.Pool,
  s: Seeded,
  serviceId: string,
  receivedAt: Date,
  state: string,
): Promise<string> {
  const { rows } = await owner.query<{ id: string }>(
    `INSERT INTO cases (authority_id, reference, service_id, locale, first_name, last_name, birth_date, email, answers, state,
                        received_at, continued_validity, expected_decision_on, status_token_hash)
     VALUES ($1, $2, $3, 'de', 'Test', 'Person', '1990-01-01', 'person@example.org', '{}', $4, $5::timestamptz, false, $5::timestamptz::date + 60, $6)
     RETURNING id`,
    [s.authorityId, reference('A'), serviceId, state, receivedAt, randomBytes(32)],
  );
  await owner.query(
    `INSERT INTO case_history (authority_id, case_id, at, state, action) VALUES ($1, $2, $3, 'received', 'submitted')`,
    [s.authorityId, rows[0]!.id, receivedAt],
  );
  return rows[0]!.id;
}

async function decidedCase(
  owner: pg.Pool,
  s: Seeded,
  serviceId: string,
  receivedAt: Date,
  decidedAt: Date,
): Promise<void> {
  const id = await insertCase(owner, s, serviceId, receivedAt, 'card_ordered');
  await owner.query(
    `INSERT INTO case_history (authority_id, case_id, at, state, action)
     VALUES ($1, $2, $3, 'granted', 'grant'), ($1, $2, $3 + interval '1 hour', 'card_ordered', 'order_card')`,
    [s.authorityId, id, decidedAt],
  );
}

let seq = 0;
async function ticket(
  owner: pg.Pool,
  s: Seeded,
  locationId: string,
  minute: number,
  wait: number | null,
  status: string,
): Promise<void> {
  seq += 1;
  const arrived = new Date(instantOf(s.day, minute, OFFICE_TIME_ZONE));
  const called = wait === null ? null : new Date(arrived.getTime() + wait * 60_000 + 30_000);
  await owner.query(
    `INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, locale, token_hash, status,
                                arrived_at, called_at, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'walk_in', 'de', $7, $8, $9, $10, $11)`,
    [
      s.authorityId,
      locationId,
      s.serviceA,
      s.day,
      seq,
      `W${String(seq).padStart(3, '0')}`,
      randomBytes(32),
      status,
      arrived,
      called,
      new Date((called ?? arrived).getTime() + 600_000),
    ],
  );
}

async function appointment(owner: pg.Pool, s: Seeded, startsAt: Date, status: string): Promise<void> {
  const { rows: counters } = await owner.query<{ id: string }>(
    'SELECT id FROM counters WHERE location_id = $1 ORDER BY label LIMIT 1',
    [s.location1],
  );
  await owner.query(
    `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status,
                               occupies, identity_key, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, 'online', $6::timestamptz, $6::timestamptz + interval '20 minutes', $7, false, $8, $6::timestamptz - interval '7 days')`,
    [s.authorityId, reference('T'), s.serviceA, s.location1, counters[0]!.id, startsAt, status, randomBytes(32)],
  );
}
