/**
 * When a partner helps with a service: "before" applying (have the degree recognised first),
 * "alongside" the application, or "after" a decision (e.g. counselling after a refusal).
 * migrations/019_partner_directory.sql checks the same list.
 */
export const TIMINGS = ['before', 'alongside', 'after'] as const;
export type Timing = (typeof TIMINGS)[number];

export function isTiming(value: unknown): value is Timing {
  return typeof value === 'string' && (TIMINGS as readonly string[]).includes(value);
}
