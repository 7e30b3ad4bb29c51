/**
 * Language coverage (issue #16): for each location and weekday, which languages customers asked for
 * and whether someone working there that day speaks them. Pure: the use case gathers the counts
 * (appointments, walk-in tickets, online applications) and who sits at which counter on which day.
 */

/** How many requests in one language came in on one weekday at one location (null: online, no location). */
export interface Demand {
  readonly locationId: string | null;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  readonly language: string;
  readonly count: number;
}

/** A member of staff working at a location's counters on a weekday. */
export interface StaffDay {
  readonly locationId: string;
  readonly weekday: number;
  readonly userId: string;
}

export interface StaffLanguage {
  readonly userId: string;
  readonly language: string;
  readonly level: string;
  readonly interpreting: boolean;
}

export type Suggestion = 'assign' | 'train' | 'interpreter';

export interface LanguageShare {
  readonly language: string;
  readonly count: number;
  /** count / all requests of that location and weekday, 0…1. */
  readonly share: number;
  /** Staff working there that day who speak it at B1 or better (or natively). */
  readonly speakers: number;
  readonly interpreters: number;
  readonly gap: boolean;
  readonly suggestion: Suggestion | null;
}

export interface CoverageCell {
  readonly locationId: string | null;
  readonly weekday: number;
  readonly total: number;
  readonly languages: readonly LanguageShare[];
}

export interface CoverageOptions {
  /** The office's own language is always spoken. */
  readonly officeLanguage?: string;
  /** A language below this share of a day's requests is not called a gap (a single request is no pattern). */
  readonly minShare?: number;
}

const SPEAKING_LEVELS = new Set(['B1', 'B2', 'C1', 'C2', 'native']);
const BASIC_LEVELS = new Set(['A1', 'A2']);

/** Speaks well enough to serve a customer in it. */
export function speaks(level: string): boolean {
  return SPEAKING_LEVELS.has(level);
}

/**
 * The coverage table: one cell per location and weekday with requests, languages by count (then
 * code). A gap is a language other than the office's, asked for in at least `minShare` of the
 * day's requests, that nobody working there that day speaks. Suggested: assign someone who speaks
 * it (they work elsewhere or another day), else train someone working that day who has basics,
 * else book an interpreter. Online applications (no location) are held against everyone working
 * that weekday at any location.
 */
export function languageCoverage(
  demand: readonly Demand[],
  staffDays: readonly StaffDay[],
  staffLanguages: readonly StaffLanguage[],
  options: CoverageOptions = {},
): CoverageCell[] {
  const officeLanguage = options.officeLanguage ?? 'de';
  const minShare = options.minShare ?? 0.05;
  const languagesOf = groupBy(staffLanguages, (l) => l.userId);
  const cells = groupBy(
    demand.filter((d) => d.count > 0),
    (d) => `${d.locationId ?? ''}|${d.weekday}`,
  );
  const result: CoverageCell[] = [];
  for (const rows of cells.values()) {
    const { locationId, weekday } = rows[0]!;
    const working = new Set(
      staffDays
        .filter((s) => s.weekday === weekday && (locationId === null || s.locationId === locationId))
        .map((s) => s.userId),
    );
    const skills = [...working].flatMap((userId) => languagesOf.get(userId) ?? []);
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.language, (counts.get(row.language) ?? 0) + row.count);
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const languages = [...counts.entries()]
      .map(([language, count]): LanguageShare => {
        const share = count / total;
        // Everyone working at the office speaks its language; profiles list only the others.
        const speakers =
          language === officeLanguage
            ? working.size
            : skills.filter((s) => s.language === language && speaks(s.level)).length;
        const interpreters = skills.filter((s) => s.language === language && speaks(s.level) && s.interpreting).length;
        const gap = language !== officeLanguage && speakers === 0 && share >= minShare;
        return {
          language,
          count,
          share,
          speakers,
          interpreters,
          gap,
          suggestion: gap ? suggestionFor(language, skills, staffLanguages) : null,
        };
      })
      .sort((a, b) => b.count - a.count || a.language.localeCompare(b.language));
    result.push({ locationId, weekday, total, languages });
  }
  return result.sort((a, b) => (a.locationId ?? '~').localeCompare(b.locationId ?? '~') || a.weekday - b.weekday);
}

function suggestionFor(
  language: string,
  workingThatDay: readonly StaffLanguage[],
  everyone: readonly StaffLanguage[],
): Suggestion {
  if (everyone.some((s) => s.language === language && speaks(s.level))) return 'assign';
  if (workingThatDay.some((s) => s.language === language && BASIC_LEVELS.has(s.level))) return 'train';
  return 'interpreter';
}

/** The gaps of a coverage table, largest share first. */
export function coverageGaps(cells: readonly CoverageCell[]): { cell: CoverageCell; language: LanguageShare }[] {
  return cells
    .flatMap((cell) => cell.languages.filter((l) => l.gap).map((language) => ({ cell, language })))
    .sort((a, b) => b.language.share - a.language.share);
}

/** Languages spoken (B1 or better) by anyone who works at each location on any day. */
export function languagesSpokenAt(
  staffDays: readonly StaffDay[],
  staffLanguages: readonly StaffLanguage[],
): Map<string, string[]> {
  const languagesOf = groupBy(staffLanguages, (l) => l.userId);
  const spoken = new Map<string, Set<string>>();
  for (const day of staffDays) {
    const set = spoken.get(day.locationId) ?? new Set<string>();
    for (const skill of languagesOf.get(day.userId) ?? []) if (speaks(skill.level)) set.add(skill.language);
    spoken.set(day.locationId, set);
  }
  return new Map([...spoken].map(([location, set]) => [location, [...set].sort()]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
