/**
 * Fills the database with past appointments and walk-in tickets for the reports benchmark, in
 * set-based SQL (INSERT … SELECT FROM generate_series, chunks of 200,000 rows, one transaction
 * each), spread over the last two years, the demo office's counters, locations and services.
 * Appointments: 75 % served, 10 % missed, 15 % cancelled (occupying no time, so that the rows never
 * meet the no-overbooking constraint). Tickets: walk-ins, 92 % called after 0–90 minutes.
 */
import type pg from 'pg';

const CHUNK = 200_000;

const APPOINTMENTS_SQL = `
INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status,
                          occupies, identity_key, locale, confirmed_at, cancelled_at, finished_at)
SELECT $1, 'T-' || substr(h, 1, 4) || '-' || substr(h, 5, 4), c.service_id, c.location_id, c.counter_id, 'online',
       s.starts_at, s.starts_at + interval '20 minutes', s.status, false, sha256(convert_to('bench-appointment-' || s.i, 'UTF8')),
       'de', s.starts_at - interval '10 days',
       CASE WHEN s.status = 'cancelled' THEN s.starts_at - interval '2 days' END,
       CASE WHEN s.status = 'served' THEN s.starts_at + interval '20 minutes' END
  FROM (SELECT i, lpad(upper(to_hex(i)), 8, '0') AS h,
               date_trunc('minute', now() - interval '1 day' - random() * interval '729 days') AS starts_at,
               CASE WHEN r < 0.75 THEN 'served' WHEN r < 0.85 THEN 'no_show' ELSE 'cancelled' END AS status,
               1 + floor(random() * $4)::int AS k
          FROM (SELECT i, random() AS r FROM generate_series($2::bigint, $3::bigint) AS i) g) s
  JOIN (SELECT row_number() OVER (ORDER BY cs.counter_id, cs.service_id) AS k, cs.counter_id, cs.service_id, co.location_id
          FROM counter_services cs JOIN counters co ON co.id = cs.counter_id) c ON c.k = s.k`;

const TICKETS_SQL = `
INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, locale, token_hash, status,
                           arrived_at, called_at, ended_at)
SELECT $1, c.location_id, c.service_id, (s.arrived_at AT TIME ZONE 'Europe/Berlin')::date, s.i, 'W' || lpad((s.i % 10000)::text, 4, '0'),
       'walk_in', 'de', sha256(convert_to('bench-ticket-' || s.i, 'UTF8')), CASE WHEN s.called THEN 'served' ELSE 'no_show' END,
       s.arrived_at, CASE WHEN s.called THEN s.arrived_at + s.wait END, s.arrived_at + s.wait + interval '15 minutes'
  FROM (SELECT i, random() < 0.92 AS called, random() * interval '90 minutes' AS wait, 1 + floor(random() * $4)::int AS k,
               date_trunc('day', now() - interval '1 day' - random() * interval '729 days') + interval '7 hours' + random() * interval '9 hours' AS arrived_at
          FROM generate_series($2::bigint, $3::bigint) AS i) s
  JOIN (SELECT row_number() OVER (ORDER BY cs.counter_id, cs.service_id) AS k, cs.service_id, co.location_id
          FROM counter_services cs JOIN counters co ON co.id = cs.counter_id) c ON c.k = s.k`;

export async function seedVisits(
  owner: pg.Pool,
  authorityId: string,
  appointments: number,
  tickets: number,
): Promise<{ appointments: number; tickets: number }> {
  const {
    rows: [pairs],
  } = await owner.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM counter_services cs JOIN counters co ON co.id = cs.counter_id WHERE co.authority_id = $1',
    [authorityId],
  );
  const done = { appointments: 0, tickets: 0 };
  for (const [sql, count, key] of [
    [APPOINTMENTS_SQL, appointments, 'appointments'],
    [TICKETS_SQL, tickets, 'tickets'],
  ] as const) {
    for (let first = 1; first <= count; first += CHUNK) {
      const last = Math.min(count, first + CHUNK - 1);
      const result = await owner.query(sql, [authorityId, first, last, pairs!.n]);
      done[key] += result.rowCount ?? 0;
    }
  }
  await owner.query('VACUUM ANALYZE appointments');
  await owner.query('VACUUM ANALYZE queue_tickets');
  return done;
}
