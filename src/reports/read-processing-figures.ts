import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { AGE_BUCKETS, type AgeBucket, type Bin, countOf, percentile } from './figures.js';
import type { ReportFilter } from './report-filter.js';
import { figureCondition, mayView, periodCondition } from './report-scope.js';

export interface ProcessingRow {
  readonly serviceId: string;
  readonly cases: number;
  readonly medianDays: number | null;
  readonly p80Days: number | null;
}

export interface BacklogRow {
  readonly state: string;
  readonly buckets: Readonly<Record<AgeBucket, number>>;
  readonly total: number;
}

export interface ProcessingFigures {
  readonly byService: ProcessingRow[];
  readonly backlog: BacklogRow[];
  readonly openRequests: number;
  readonly overdueRequests: number;
  /** Open cases with a recorded hearing, waiting for the decision. */
  readonly heard: number;
  /** The day of the backlog's snapshot (null: not yet aggregated). */
  readonly asOf: string | null;
}

/**
 * Processing time (received → decided) per service: median and 80th percentile of the decisions in
 * the period; the backlog by state and age, open document requests and hearings. Cases belong to
 * the authority, not to a location: the location filter does not apply to them. Null: not allowed.
 */
export async function readProcessingFigures(
  { filter }: { filter: ReportFilter },
  ctx: Context,
): Promise<ProcessingFigures | null> {
  const actor = ctx.actor;
  if (!mayView(actor, filter)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const params: unknown[] = [];
    const where = `${periodCondition(filter, params)} AND ${figureCondition(actor, filter, { service: 'service_id' }, params)}`;
    const { rows } = await tx.query<{ service_id: string; days: number; cases: number }>(
      `SELECT service_id, days, sum(cases)::int AS cases FROM report_decisions WHERE ${where} GROUP BY 1, 2`,
      params,
    );
    const bins = new Map<string, Bin[]>();
    for (const row of rows)
      bins.set(row.service_id, [...(bins.get(row.service_id) ?? []), { value: row.days, count: row.cases }]);
    const backlogParams: unknown[] = [];
    const { rows: backlog } = await tx.query<{
      state: string;
      age_bucket: AgeBucket;
      cases: number;
      heard: number;
      open_requests: number;
      overdue_requests: number;
    }>(
      `SELECT state, age_bucket, sum(cases)::int AS cases, sum(heard)::int AS heard, sum(open_requests)::int AS open_requests,
              sum(overdue_requests)::int AS overdue_requests
         FROM report_backlog WHERE ${figureCondition(actor, filter, { service: 'service_id' }, backlogParams)} GROUP BY 1, 2`,
      backlogParams,
    );
    const { rows: runs } = await tx.query<{ through: string | null }>(
      `SELECT to_char(through + 1, 'YYYY-MM-DD') AS through FROM report_runs`,
    );
    return {
      byService: [...bins].map(([serviceId, list]) => ({
        serviceId,
        cases: countOf(list),
        medianDays: percentile(list, 0.5),
        p80Days: percentile(list, 0.8),
      })),
      backlog: backlogRows(backlog),
      openRequests: backlog.reduce((sum, r) => sum + r.open_requests, 0),
      overdueRequests: backlog.reduce((sum, r) => sum + r.overdue_requests, 0),
      heard: backlog.reduce((sum, r) => sum + r.heard, 0),
      asOf: runs[0]?.through ?? null,
    };
  });
}

const STATE_ORDER = ['received', 'incomplete', 'in_review', 'waiting_other_authority', 'ready_for_decision'];

function backlogRows(rows: readonly { state: string; age_bucket: AgeBucket; cases: number }[]): BacklogRow[] {
  return STATE_ORDER.map((state) => {
    const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
    for (const row of rows) if (row.state === state) buckets[row.age_bucket] += row.cases;
    return { state, buckets, total: Object.values(buckets).reduce((a, b) => a + b, 0) };
  });
}
