/**
 * The wait shown to someone in the queue: the typical length of a recent case times the people
 * ahead, shared among the open counters, rounded up to whole minutes.
 *
 * The typical case is the median, not the mean: one complicated case of two hours must not make
 * the display frighten everyone into leaving. With fewer than three usable recent cases the median
 * says little, so the configured fallback is used instead.
 */

/** Fewer recent cases than this and the median is not trusted. */
export const MIN_RECENT_CASES = 3;

/** Floating-point noise (1.1 * 10 = 11.000000000000002) must not add a whole minute. */
const ROUNDING_SLACK = 1e-9;

/** The median of the finite, positive values (mean of the middle two for an even count); null when empty. */
export function medianOf(values: readonly number[]): number | null {
  const valid = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (valid.length === 0) return null;
  const mid = valid.length >> 1;
  return valid.length % 2 === 1 ? valid[mid]! : (valid[mid - 1]! + valid[mid]!) / 2;
}

export function estimateWaitMinutes(input: {
  ahead: number;
  recentServiceMinutes: readonly number[];
  fallbackMinutes: number;
  counters: number;
}): number {
  const { ahead, recentServiceMinutes, fallbackMinutes, counters } = input;
  // Both come from our own code or configuration: a bad value is a bug to surface, not a wait to show.
  if (!Number.isSafeInteger(ahead) || ahead < 0)
    throw new RangeError(`ahead must be a non-negative integer, got ${ahead}`);
  if (!Number.isFinite(fallbackMinutes) || fallbackMinutes <= 0)
    throw new RangeError(`fallbackMinutes must be positive, got ${fallbackMinutes}`);
  if (ahead === 0) return 0;
  const valid = recentServiceMinutes.filter((v) => Number.isFinite(v) && v > 0);
  const perCase = valid.length >= MIN_RECENT_CASES ? medianOf(valid)! : fallbackMinutes;
  // No counter open (or a nonsense count) is treated as one: the people are still waiting.
  const sharing = Number.isFinite(counters) ? Math.max(1, counters) : 1;
  // At least a minute: someone with people ahead is never told there is no wait.
  return Math.max(1, Math.ceil((perCase * ahead) / sharing - ROUNDING_SLACK));
}
