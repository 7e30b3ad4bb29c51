import { appointmentOutcomesQuery } from '../appointments/appointment-figures.js';
import { backlogQuery, decisionsQuery } from '../cases/case-figures.js';
import { addDays, officeToday } from '../platform/clock/office-time.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import type { FigureQuery } from '../platform/reports/figure-query.js';
import { walkInTicketsQuery, walkInWaitsQuery } from '../queue/ticket-figures.js';
import type pg from 'pg';
import { AGE_BOUNDS, AGE_BUCKETS, processingTime } from './figures.js';

/**
 * Past days are aggregated again for a week: attendance recorded late, a ticket ended after
 * midnight, still land in their day.
 */
const REDO_DAYS = 7;
/** The public processing times look back this many months. */
export const PUBLIC_MONTHS = 6;
/** Before any run, aggregate from here (the first run reads all history once). */
const BEGINNING = '2000-01-01';

export interface AggregateReport {
  readonly through: string;
  readonly rows: number;
}

/**
 * The nightly aggregation of one authority, in one transaction: the days since the last run (and
 * the week before it) up to yesterday from the live tables through the owning capabilities' SQL, the
 * backlog as of today, and the public processing times. Idempotent: a day's rows are replaced.
 */
export async function aggregateFigures(pool: pg.Pool, authorityId: string, now = Date.now()): Promise<AggregateReport> {
  return withTenant(pool, authorityId, async (tx) => {
    const today = officeToday(now);
    const yesterday = addDays(today, -1);
    const { rows: runs } = await tx.query<{ through: string | null }>(
      `SELECT to_char(through, 'YYYY-MM-DD') AS through FROM report_runs FOR UPDATE`,
    );
    const previous = runs[0]?.through ?? null;
    const first = previous
      ? addDays(previous, -REDO_DAYS) < BEGINNING
        ? BEGINNING
        : addDays(previous, -REDO_DAYS)
      : BEGINNING;
    let rows = 0;
    for (const table of ['report_waits', 'report_tickets', 'report_appointments', 'report_decisions']) {
      await tx.query(`DELETE FROM ${table} WHERE day >= $1::date`, [first]);
    }
    rows += await insertFrom(
      tx,
      'report_waits (authority_id, day, location_id, service_id, hour, wait_minutes, tickets)',
      walkInWaitsQuery(first, yesterday),
    );
    rows += await insertFrom(
      tx,
      'report_tickets (authority_id, day, location_id, service_id, hour, tickets)',
      walkInTicketsQuery(first, yesterday),
    );
    rows += await insertFrom(
      tx,
      'report_appointments (authority_id, day, location_id, service_id, booked, served, no_show, cancelled)',
      appointmentOutcomesQuery(first, yesterday),
    );
    rows += await insertFrom(
      tx,
      'report_decisions (authority_id, day, service_id, days, cases)',
      decisionsQuery(first, yesterday),
    );
    await tx.query('DELETE FROM report_backlog');
    const backlog = backlogQuery(today, AGE_BOUNDS);
    const labels = backlog.values.length + 1;
    const inserted = await tx.query(
      `INSERT INTO report_backlog (authority_id, service_id, state, age_bucket, cases, heard, open_requests, overdue_requests)
       SELECT b.authority_id, b.service_id, b.state, ($${labels}::text[])[b.bucket + 1], b.cases, b.heard, b.open_requests, b.overdue_requests
         FROM (${backlog.text}) b`,
      [...backlog.values, AGE_BUCKETS],
    );
    rows += inserted.rowCount ?? 0;
    rows += await storeProcessingTimes(tx, addMonthsDay(today, -PUBLIC_MONTHS), yesterday);
    await tx.query(
      `INSERT INTO report_runs (authority_id, through, aggregated_at) VALUES (current_authority_id(), $1, now())
       ON CONFLICT (authority_id) DO UPDATE SET through = EXCLUDED.through, aggregated_at = EXCLUDED.aggregated_at`,
      [yesterday],
    );
    return { through: yesterday, rows };
  });
}

async function insertFrom(tx: Tx, into: string, query: FigureQuery): Promise<number> {
  const result = await tx.query(`INSERT INTO ${into} ${query.text}`, [...query.values]);
  return result.rowCount ?? 0;
}

/** Median and 80th percentile per service over the public period, from the decisions' histograms. */
async function storeProcessingTimes(tx: Tx, firstDay: string, lastDay: string): Promise<number> {
  const { rows } = await tx.query<{ service_id: string; days: number; cases: number }>(
    `SELECT service_id, days, sum(cases)::int AS cases FROM report_decisions
      WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
    [firstDay, lastDay],
  );
  const bins = new Map<string, { value: number; count: number }[]>();
  for (const row of rows) {
    const list = bins.get(row.service_id) ?? [];
    list.push({ value: row.days, count: row.cases });
    bins.set(row.service_id, list);
  }
  await tx.query('DELETE FROM report_processing_times');
  const times = [...bins].map(([serviceId, list]) => ({ service_id: serviceId, ...processingTime(list) }));
  await tx.query(
    `INSERT INTO report_processing_times (authority_id, service_id, cases, median_days, p80_days)
     SELECT current_authority_id(), t.service_id, t.cases, t."medianDays", t."p80Days"
       FROM jsonb_to_recordset($1::jsonb) AS t(service_id uuid, cases int, "medianDays" int, "p80Days" int)`,
    [JSON.stringify(times)],
  );
  return times.length;
}

/** The same day `months` months earlier or later (the month's last day when it has fewer days). */
export function addMonthsDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
