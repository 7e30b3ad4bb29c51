import type { PartnerKind } from '../partners/partner-kinds.js';
import type { Missing, PathwayResult } from './evaluate.js';

/** Who helps with each thing a pathway still lacks. */
const HELP_FOR: Readonly<Record<Missing['kind'], readonly PartnerKind[]>> = {
  title: [],
  german: ['language_courses'],
  knowledge: ['language_courses'],
  pension: ['employment_agency'],
  livelihood: ['jobcenter', 'employment_agency'],
};

/**
 * The kinds of partner organisation to show under the pathway check's results: migration counselling
 * always (it helps with the whole way), and for what is missing the ones that help with it: language
 * courses for German and the "Leben in Deutschland" test, the Jobcenter and the employment agency for
 * livelihood and pension months, recognition counselling and the chambers where a skilled worker's
 * title is missing (a recognised qualification is its condition). Without results: none.
 */
export function helpingPartnerKinds(results: readonly PathwayResult[]): PartnerKind[] {
  if (results.length === 0) return [];
  const kinds = new Set<PartnerKind>(['migration_counselling']);
  for (const result of results) {
    for (const missing of result.missing) for (const kind of HELP_FOR[missing.kind]) kinds.add(kind);
    if (result.missing.some((m) => m.kind === 'title') && result.variant.titles.includes('skilled')) {
      kinds.add('recognition_counselling');
      kinds.add('chamber');
    }
  }
  return [...kinds];
}
