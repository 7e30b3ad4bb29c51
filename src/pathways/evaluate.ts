import type { Day } from '../platform/clock/office-time.js';
import {
  GERMAN_LEVELS,
  type GermanLevel,
  LIVELIHOODS,
  type Livelihood,
  type Pathway,
  type Rules,
  type TitleGroup,
  type Variant,
} from './rules.js';

/**
 * The one pure function of the pathway check: a person's answers, an office's rules and today's
 * date → for each pathway "possible now", "possible from <date>" or "missing: …". No law in here —
 * periods, levels and months come from the rules; this file only knows how to count.
 */

export interface Answers {
  readonly title: TitleGroup;
  /** Since when the person holds their current title. */
  readonly titleSince: Day;
  /** Since when they live in Germany lawfully with titles (the first title, or the asylum application). */
  readonly residentSince: Day;
  /** When they applied for asylum, if they did (counts for recognised refugees). */
  readonly asylumSince: Day | null;
  /** Months within that time without a title or abroad for long: they do not count. */
  readonly gapMonths: number;
  readonly german: GermanLevel;
  /** The "Leben in Deutschland" test passed. */
  readonly knowledge: boolean;
  /** The integration course completed (its certificate: B1 and the test passed, § 43 AufenthG). */
  readonly integrationCourse: boolean;
  readonly pensionMonths: number;
  readonly livelihood: Livelihood;
}

export type Missing =
  | { readonly kind: 'title' }
  | { readonly kind: 'german'; readonly level: GermanLevel }
  | { readonly kind: 'knowledge' }
  | { readonly kind: 'pension'; readonly months: number }
  | { readonly kind: 'livelihood'; readonly level: Livelihood };

export type Standing = 'now' | 'from' | 'missing';

export interface PathwayResult {
  readonly pathway: Pathway;
  /** The alternative that suits the person best. */
  readonly variant: Variant;
  readonly standing: Standing;
  /** The day the period is complete (the day it can be applied for, when nothing else is missing). */
  readonly periodDone: Day;
  /** What is missing besides time; empty unless the standing is `missing`. */
  readonly missing: readonly Missing[];
}

const rank = <T extends string>(order: readonly T[], value: T) => order.indexOf(value);

/** `day` plus whole months; a day the month lacks (31 January + 1) moves to the 1st of the next month, never earlier. */
export function addMonths(day: Day, months: number): Day {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 + months;
  const date = Number(day.slice(8, 10));
  const target = new Date(Date.UTC(year, month, 1));
  const length = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const result = date <= length ? new Date(Date.UTC(year, month, date)) : new Date(Date.UTC(year, month + 1, 1));
  return result.toISOString().slice(0, 10);
}

/** Language and knowledge as the rules count them: the integration course certifies B1 and the test. */
function effective(answers: Answers): { german: GermanLevel; knowledge: boolean } {
  if (!answers.integrationCourse) return { german: answers.german, knowledge: answers.knowledge };
  const german = rank(GERMAN_LEVELS, answers.german) >= rank(GERMAN_LEVELS, 'B1') ? answers.german : 'B1';
  return { german, knowledge: true };
}

/** When the variant's period is complete for this person. */
export function periodEnd(variant: Variant, answers: Answers): Day {
  let start = variant.period.from === 'title' ? answers.titleSince : answers.residentSince;
  if (variant.period.countAsylumProcedure && answers.asylumSince !== null && answers.asylumSince < start)
    start = answers.asylumSince;
  return addMonths(start, variant.period.months + Math.max(0, answers.gapMonths));
}

function missingFor(variant: Variant, answers: Answers): Missing[] {
  const { german, knowledge } = effective(answers);
  const missing: Missing[] = [];
  if (!variant.titles.includes(answers.title)) missing.push({ kind: 'title' });
  if (rank(GERMAN_LEVELS, german) < rank(GERMAN_LEVELS, variant.german))
    missing.push({ kind: 'german', level: variant.german });
  if (variant.knowledge && !knowledge) missing.push({ kind: 'knowledge' });
  if (answers.pensionMonths < variant.pensionMonths)
    missing.push({ kind: 'pension', months: variant.pensionMonths - answers.pensionMonths });
  if (rank(LIVELIHOODS, answers.livelihood) < rank(LIVELIHOODS, variant.livelihood))
    missing.push({ kind: 'livelihood', level: variant.livelihood });
  return missing;
}

function resultFor(pathway: Pathway, variant: Variant, answers: Answers, today: Day): PathwayResult {
  const missing = missingFor(variant, answers);
  const periodDone = periodEnd(variant, answers);
  const standing: Standing = missing.length > 0 ? 'missing' : periodDone <= today ? 'now' : 'from';
  return { pathway, variant, standing, periodDone, missing };
}

/** Orders results best first: now, then the earliest date, then the fewest missing (a title that does not fit last). */
export function compareResults(a: PathwayResult, b: PathwayResult): number {
  const order: Standing[] = ['now', 'from', 'missing'];
  const byStanding = order.indexOf(a.standing) - order.indexOf(b.standing);
  if (byStanding !== 0) return byStanding;
  const titleA = a.missing.some((m) => m.kind === 'title') ? 1 : 0;
  const titleB = b.missing.some((m) => m.kind === 'title') ? 1 : 0;
  if (titleA !== titleB) return titleA - titleB;
  if (a.missing.length !== b.missing.length) return a.missing.length - b.missing.length;
  return a.periodDone < b.periodDone ? -1 : a.periodDone > b.periodDone ? 1 : 0;
}

/** The variants in force on `today` (a repealed one stays in the data with its end date). */
export function variantsInForce(pathway: Pathway, today: Day): Variant[] {
  return pathway.variants.filter(
    (v) => v.appliesFrom <= today && (v.appliesUntil === undefined || today <= v.appliesUntil),
  );
}

/**
 * Each pathway with a variant in force today, evaluated with its best variant, in the rules' order.
 * Today is the office's date, given by the caller.
 */
export function evaluatePathways(answers: Answers, rules: Rules, today: Day): PathwayResult[] {
  return rules.pathways.flatMap((pathway) => {
    const results = variantsInForce(pathway, today).map((variant) => resultFor(pathway, variant, answers, today));
    const best = results.sort(compareResults)[0];
    return best ? [best] : [];
  });
}

/** Whether the title is the only thing missing: the pathway does not fit the person's title at all. */
export function notForTitle(result: PathwayResult): boolean {
  return result.missing.some((m) => m.kind === 'title');
}
