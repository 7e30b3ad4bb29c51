/**
 * The arithmetic of the office's figures, pure: percentiles over histograms (the aggregates keep
 * counts per whole minute or day, so any period's percentile is exact to that unit), age buckets of
 * the backlog, rates. Tested directly with hand-computed values and with fast-check.
 */

/** One measured value and how often it occurred. */
export interface Bin {
  readonly value: number;
  readonly count: number;
}

/**
 * The p-th percentile (0 < p ≤ 1) by the nearest-rank method: the smallest observed value with at
 * least ⌈p·N⌉ observations at or below it. Always a value that occurred (a whole number of days, as
 * published processing times are), never interpolated; null without observations.
 */
export function percentile(bins: readonly Bin[], p: number): number | null {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total - 1e-9));
  const sorted = [...bins].filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  let seen = 0;
  for (const bin of sorted) {
    seen += bin.count;
    if (seen >= rank) return bin.value;
  }
  return sorted[sorted.length - 1]!.value;
}

/** How many observations the bins hold. */
export function countOf(bins: readonly Bin[]): number {
  return bins.reduce((sum, bin) => sum + bin.count, 0);
}

/** Adds bins of the same value together (aggregates come per day; a period sums them). */
export function mergeBins(bins: readonly Bin[]): Bin[] {
  const byValue = new Map<number, number>();
  for (const bin of bins) byValue.set(bin.value, (byValue.get(bin.value) ?? 0) + bin.count);
  return [...byValue].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value);
}

/** The backlog's age buckets in days: 0–30, 31–90, 91–180, over 180. */
export const AGE_BOUNDS: readonly number[] = [30, 90, 180];
export const AGE_BUCKETS = ['0-30', '31-90', '91-180', '181+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** The bucket of a case `days` old (the SQL counts the bounds exceeded the same way: cases/case-figures.ts). */
export function ageBucket(days: number): AgeBucket {
  return bucketAt(AGE_BOUNDS.filter((bound) => days > bound).length);
}

export function bucketAt(index: number): AgeBucket {
  return AGE_BUCKETS[Math.min(Math.max(0, index), AGE_BUCKETS.length - 1)]!;
}

/** part ÷ whole, or null when there is nothing to divide by (a rate of no appointments is no rate). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The no-show rate: missed ÷ (served + missed); appointments still open or cancelled do not count. */
export function noShowRate(served: number, noShow: number): number | null {
  return rate(noShow, served + noShow);
}

/** Below this many decided cases in the period, the public page says "not enough data" instead of a number. */
export const MIN_PUBLIC_CASES = 20;

export interface ProcessingTime {
  readonly cases: number;
  /** Null when fewer than MIN_PUBLIC_CASES were decided: too few to publish a figure. */
  readonly medianDays: number | null;
  readonly p80Days: number | null;
}

/** The published processing time of one service from its histogram of days to decision. */
export function processingTime(bins: readonly Bin[], minimum = MIN_PUBLIC_CASES): ProcessingTime {
  const cases = countOf(bins);
  if (cases < minimum) return { cases, medianDays: null, p80Days: null };
  return { cases, medianDays: percentile(bins, 0.5), p80Days: percentile(bins, 0.8) };
}
