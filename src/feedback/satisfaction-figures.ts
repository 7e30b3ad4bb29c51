import { listLocations } from '../authorities/list-locations.js';
import { allServiceNames, serviceNames } from '../catalog/service-names.js';
import { can, scopesFor } from '../platform/access/policies.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Period } from './figures-period.js';

export const DIMENSIONS = ['service', 'location', 'channel', 'locale'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface FigureRow {
  /** The group's id or code (service id, location id, channel, language); '' for answers without a location. */
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly mean: number;
  /** How many answered 1, 2, 3, 4, 5. */
  readonly distribution: readonly [number, number, number, number, number];
}

export interface SatisfactionFigures {
  readonly question: string;
  readonly total: FigureRow;
  readonly by: Readonly<Record<Dimension, readonly FigureRow[]>>;
  /** The newest free texts of the period (already scrubbed when stored), without a date finer than the month. */
  readonly comments: readonly { readonly month: string; readonly service: string; readonly text: string }[];
  readonly services: readonly { id: string; name: string }[];
  readonly locations: readonly { id: string; name: string }[];
}

export interface FigureFilter {
  readonly period: Period;
  readonly locationId: string | null;
  readonly serviceId: string | null;
  /** The scale question whose answers are counted (default: the overall impression). */
  readonly question: string;
  /** The staff member's language, for the names of services and locations. */
  readonly locale: 'de' | 'en';
}

interface Grouped {
  service_id: string | null;
  location_id: string | null;
  channel: string | null;
  locale: string | null;
  g: number;
  n: number;
  mean: string | null;
  d1: number;
  d2: number;
  d3: number;
  d4: number;
  d5: number;
}

/**
 * Mean and distribution of one question per service, location, channel and language, in one
 * aggregate statement (GROUPING SETS over the month index), limited to what the actor's grants
 * for `reports.view` reach. Null when the actor may not see figures at all.
 */
export async function satisfactionFigures(filter: FigureFilter, ctx: Context): Promise<SatisfactionFigures | null> {
  if (ctx.actor.kind !== 'staff' || !can(ctx.actor, 'reports.view')) return null;
  const actor = ctx.actor;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const params: unknown[] = [
      filter.period.from,
      filter.period.to,
      filter.question,
      filter.locationId,
      filter.serviceId,
    ];
    const scopes = scopesFor(actor, 'reports.view');
    // A grant without limits reaches every row: no per-row test of the grants (200,000 rows).
    const reach = scopes.some((s) => s.locationIds === null && s.serviceIds === null)
      ? 'TRUE'
      : scopeCondition(scopes, { location: 'location_id', service: 'service_id' }, params);
    const where = `month BETWEEN $1::date AND $2::date
        AND ($4::uuid IS NULL OR location_id = $4) AND ($5::uuid IS NULL OR service_id = $5) AND ${reach}`;
    // From the totals the answers' trigger keeps (one row per month and group, not per answer).
    const { rows } = await tx.query<Grouped>(
      `SELECT service_id, location_id, channel, locale, GROUPING(service_id, location_id, channel, locale) AS g,
              coalesce(sum(n1 + n2 + n3 + n4 + n5), 0)::int AS n,
              (sum(n1 + 2 * n2 + 3 * n3 + 4 * n4 + 5 * n5)::numeric / nullif(sum(n1 + n2 + n3 + n4 + n5), 0))::numeric(4,2)::text AS mean,
              coalesce(sum(n1), 0)::int AS d1, coalesce(sum(n2), 0)::int AS d2, coalesce(sum(n3), 0)::int AS d3,
              coalesce(sum(n4), 0)::int AS d4, coalesce(sum(n5), 0)::int AS d5
         FROM survey_answer_totals WHERE question = $3 AND ${where}
        GROUP BY GROUPING SETS ((service_id), (location_id), (channel), (locale), ())`,
      params,
    );
    const comments = await tx.query<{ month: string; serviceId: string; text: string }>(
      `SELECT to_char(month, 'YYYY-MM') AS month, service_id AS "serviceId", comment AS text FROM survey_answers
        WHERE ${where} AND $3::text IS NOT NULL AND comment <> '' ORDER BY month DESC LIMIT 20`,
      params,
    );
    const names = await serviceNames(tx, filter.locale, [
      ...rows.flatMap((r) => (r.service_id ? [r.service_id] : [])),
      ...comments.rows.map((c) => c.serviceId),
    ]);
    const serviceList = await allServiceNames(tx, filter.locale);
    const locations = await listLocations(tx, filter.locale);
    const locationName = new Map(locations.map((l) => [l.id, l.name]));
    const row = (r: Grouped, key: string, label: string): FigureRow => ({
      key,
      label,
      count: r.n,
      mean: Number(r.mean ?? 0),
      distribution: [r.d1, r.d2, r.d3, r.d4, r.d5],
    });
    // GROUPING() bits, left to right: service 8, location 4, channel 2, locale 1 (1 = not grouped by it).
    const of = (g: number) => rows.filter((r) => r.g === g);
    const byLabel = (a: FigureRow, b: FigureRow) => a.label.localeCompare(b.label, 'de');
    const empty: Grouped = {
      service_id: null,
      location_id: null,
      channel: null,
      locale: null,
      g: 15,
      n: 0,
      mean: null,
      d1: 0,
      d2: 0,
      d3: 0,
      d4: 0,
      d5: 0,
    };
    return {
      question: filter.question,
      total: row(of(15)[0] ?? empty, '', ''),
      by: {
        service: of(7)
          .map((r) => row(r, r.service_id!, names.get(r.service_id!) ?? r.service_id!))
          .sort(byLabel),
        location: of(11)
          .map((r) => row(r, r.location_id ?? '', r.location_id ? (locationName.get(r.location_id) ?? '') : ''))
          .sort(byLabel),
        channel: of(13).map((r) => row(r, r.channel!, r.channel!)),
        locale: of(14).map((r) => row(r, r.locale!, r.locale!)),
      },
      comments: comments.rows.map((c) => ({
        month: c.month,
        service: names.get(c.serviceId) ?? c.serviceId,
        text: c.text,
      })),
      services: serviceList,
      locations: locations.map((l) => ({ id: l.id, name: l.name })),
    };
  });
}
