/**
 * The staff pulse's rules, pure: the questions, the quarter of a day, and k-anonymity — a group's
 * results are shown only from MIN_GROUP answers on, so that nobody's answer can be told from a
 * small group's figures.
 */
export const PULSE_QUESTIONS = ['workload', 'team', 'tools', 'training'] as const;
export type PulseQuestion = (typeof PULSE_QUESTIONS)[number];
export const MIN_GROUP = 5;

/** The quarter of an office day (YYYY-MM-DD), as `2026-Q4`. */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export interface PulseGroup {
  readonly quarter: string;
  readonly answers: number;
  readonly means: Readonly<Record<string, number>>;
  readonly comments: readonly string[];
}

/** What may be shown of a group: everything from MIN_GROUP answers on, nothing at all below (not even the count). */
export function reportable(group: PulseGroup): PulseGroup | { readonly quarter: string; readonly tooFew: true } {
  return group.answers >= MIN_GROUP ? group : { quarter: group.quarter, tooFew: true };
}
