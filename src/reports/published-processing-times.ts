import { addDays } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { PublishedProcessingTime } from '../platform/reports/processing-time.js';
import { addMonthsDay, PUBLIC_MONTHS } from './aggregate-figures.js';

export interface PublishedTimes {
  /** The period of the decisions counted (null: not aggregated yet). */
  readonly period: { from: string; to: string } | null;
  readonly times: ReadonlyMap<string, PublishedProcessingTime>;
}

/**
 * They change once a night: kept a minute per authority, so the status page, the service pages and
 * the public API (50 connections and more) read them from memory, not from the database each time.
 */
const TTL_MS = 60_000;
const kept = new Map<string, { value: Promise<PublishedTimes>; until: number }>();

/** The published processing times of the authority's services (computed by the nightly aggregation). */
export function publishedProcessingTimes(ctx: Context, now = Date.now()): Promise<PublishedTimes> {
  const hit = kept.get(ctx.authorityId);
  if (hit && hit.until > now) return hit.value;
  const value = readTimes(ctx);
  kept.set(ctx.authorityId, { value, until: now + TTL_MS });
  value.catch(() => kept.delete(ctx.authorityId));
  return value;
}

/** The published time of one service (the lookup the composition root hands to other pages). */
export async function publishedProcessingTime(
  ctx: Context,
  serviceId: string,
): Promise<PublishedProcessingTime | null> {
  return (await publishedProcessingTimes(ctx)).times.get(serviceId) ?? null;
}

/** Forgets what is kept (after an aggregation, so that this instance shows the new figures at once). */
export function forgetPublishedTimes(): void {
  kept.clear();
}

async function readTimes(ctx: Context): Promise<PublishedTimes> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      service_id: string;
      cases: number;
      median_days: number | null;
      p80_days: number | null;
    }>('SELECT service_id, cases, median_days, p80_days FROM report_processing_times');
    const { rows: runs } = await tx.query<{ through: string | null }>(
      `SELECT to_char(through, 'YYYY-MM-DD') AS through FROM report_runs`,
    );
    const through = runs[0]?.through ?? null;
    return {
      period: through ? { from: addMonthsDay(addDays(through, 1), -PUBLIC_MONTHS), to: through } : null,
      times: new Map(
        rows.map((r) => [
          r.service_id,
          { serviceId: r.service_id, cases: r.cases, medianDays: r.median_days, p80Days: r.p80_days },
        ]),
      ),
    };
  });
}
