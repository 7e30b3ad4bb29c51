import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { type Bin, countOf, mergeBins, percentile } from './figures.js';
import type { ReportFilter } from './report-filter.js';
import { figureCondition, mayView, periodCondition } from './report-scope.js';

export interface WaitCell {
  readonly locationId: string;
  /** ISO weekday 1 (Monday) … 7, or null in the per-location totals. */
  readonly weekday: number | null;
  /** Hour of the draw, or null in the totals. */
  readonly hour: number | null;
  readonly tickets: number;
  readonly p50: number | null;
  readonly p90: number | null;
}

export interface WaitingFigures {
  readonly byLocation: WaitCell[];
  readonly cells: WaitCell[];
  /** Walk-in tickets drawn per hour of the day: in total, and on average per day with tickets. */
  readonly perHour: { hour: number; tickets: number; perDay: number }[];
}

/** Walk-in waiting time (draw → call) p50/p90 per location, weekday and hour; tickets per hour. Null: not allowed. */
export async function readWaitingFigures(
  { filter }: { filter: ReportFilter },
  ctx: Context,
): Promise<WaitingFigures | null> {
  const actor = ctx.actor;
  if (!mayView(actor, filter)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const params: unknown[] = [];
    const where = `${periodCondition(filter, params)} AND ${figureCondition(actor, filter, { location: 'location_id', service: 'service_id' }, params)}`;
    const { rows } = await tx.query<{ location_id: string; weekday: number; hour: number; wait: number; n: number }>(
      `SELECT location_id, extract(isodow FROM day)::int AS weekday, hour, wait_minutes AS wait, sum(tickets)::int AS n
         FROM report_waits WHERE ${where} GROUP BY 1, 2, 3, 4`,
      params,
    );
    const hourParams: unknown[] = [];
    const hourWhere = `${periodCondition(filter, hourParams)} AND ${figureCondition(actor, filter, { location: 'location_id', service: 'service_id' }, hourParams)}`;
    const { rows: hours } = await tx.query<{ hour: number; tickets: number; days: number }>(
      `SELECT hour, sum(tickets)::int AS tickets, count(DISTINCT day)::int AS days
         FROM report_tickets WHERE ${hourWhere} GROUP BY 1 ORDER BY 1`,
      hourParams,
    );
    return {
      byLocation: cellsOf(rows, (r) => r.location_id).map(([key, bins]) => cell(key, null, null, bins)),
      cells: cellsOf(rows, (r) => `${r.location_id}|${r.weekday}|${r.hour}`).map(([key, bins]) => {
        const [locationId, weekday, hour] = key.split('|');
        return cell(locationId!, Number(weekday), Number(hour), bins);
      }),
      perHour: hours.map((h) => ({ hour: h.hour, tickets: h.tickets, perDay: h.days > 0 ? h.tickets / h.days : 0 })),
    };
  });
}

type Row = { location_id: string; weekday: number; hour: number; wait: number; n: number };

function cellsOf(rows: readonly Row[], keyOf: (row: Row) => string): [string, Bin[]][] {
  const groups = new Map<string, Bin[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key) ?? [];
    list.push({ value: row.wait, count: row.n });
    groups.set(key, list);
  }
  return [...groups].sort(([a], [b]) => compareKeys(a, b)).map(([key, bins]) => [key, mergeBins(bins)]);
}

function compareKeys(a: string, b: string): number {
  const [la, ...na] = a.split('|');
  const [lb, ...nb] = b.split('|');
  if (la !== lb) return la! < lb! ? -1 : 1;
  for (let i = 0; i < na.length; i++) if (na[i] !== nb[i]) return Number(na[i]) - Number(nb[i]);
  return 0;
}

function cell(locationId: string, weekday: number | null, hour: number | null, bins: readonly Bin[]): WaitCell {
  return { locationId, weekday, hour, tickets: countOf(bins), p50: percentile(bins, 0.5), p90: percentile(bins, 0.9) };
}
