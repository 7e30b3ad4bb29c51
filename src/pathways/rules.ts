import { type Static, Type } from '@sinclair/typebox';
import path from 'node:path';
import { isDay } from '../platform/clock/office-time.js';
import { PerLocale, readSeedFile, SEEDS_DIR } from '../platform/seed-files.js';

/**
 * The law of the pathways as data (seeds/<office>/pathways.json): each pathway's conditions —
 * periods, language levels, contribution months, how its period is counted — with their legal
 * basis, the date they apply from (and, for repealed rules, until) and when someone last checked
 * them against the law. When the law changes, an office edits this file; no code changes.
 */

export const GERMAN_LEVELS = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type GermanLevel = (typeof GERMAN_LEVELS)[number];

/** How far a person's income covers their living: ordered from nothing to all of it (§ 2 Abs. 3 AufenthG). */
export const LIVELIHOODS = ['no', 'mostly', 'largely', 'full'] as const;
export type Livelihood = (typeof LIVELIHOODS)[number];

/** The current title, grouped by what the pathways ask about it (the person finds its basis on their card). */
export const TITLE_GROUPS = [
  'skilled',
  'blueCard',
  'refugee',
  'subsidiary',
  'familyGerman',
  'family',
  'study',
  'other',
  'settled',
  'none',
] as const;
export type TitleGroup = (typeof TITLE_GROUPS)[number];

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Level = Type.Union(GERMAN_LEVELS.map((l) => Type.Literal(l)));

const VariantSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
    legalBasis: Type.String({ minLength: 3, maxLength: 200 }),
    appliesFrom: Day,
    appliesUntil: Type.Optional(Day),
    /** The title groups it is open to. */
    titles: Type.Array(Type.Union(TITLE_GROUPS.map((t) => Type.Literal(t))), { minItems: 1 }),
    /**
     * The period: months counted from the current title (`title`) or from the start of the lawful
     * stay with titles (`residence`); with `countAsylumProcedure`, from the asylum application if earlier.
     */
    period: Type.Object(
      {
        months: Type.Integer({ minimum: 0, maximum: 240 }),
        from: Type.Union([Type.Literal('title'), Type.Literal('residence')]),
        countAsylumProcedure: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    german: Level,
    pensionMonths: Type.Integer({ minimum: 0, maximum: 240 }),
    livelihood: Type.Union(LIVELIHOODS.map((l) => Type.Literal(l))),
    /** Basic knowledge of the legal and social order (the "Leben in Deutschland" test). */
    knowledge: Type.Boolean(),
  },
  { additionalProperties: false },
);

const PathwaySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
    /** The status it leads to. */
    status: Type.Union([Type.Literal('settlement'), Type.Literal('euLongTerm'), Type.Literal('naturalisation')]),
    /** Its name in every language (data, so that an office can add a pathway without code). */
    names: PerLocale(Type.String({ minLength: 1, maxLength: 120 })),
    legalBasis: Type.String({ minLength: 3, maxLength: 200 }),
    lastChecked: Day,
    /** Who decides: this office, or the naturalisation authority (Einbürgerungsbehörde). */
    office: Type.Union([Type.Literal('immigration'), Type.Literal('naturalisation')]),
    /** The catalogue's service for it at this office, if it has one. */
    serviceSlug: Type.Union([Type.String({ pattern: '^[a-z0-9-]{1,80}$' }), Type.Null()]),
    /** Documents to prepare: slugs of the catalogue's documents. */
    documents: Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,80}$' })),
    /** Alternatives (e.g. 5 years with A2, 3 years with C1): the best one for the person counts. */
    variants: Type.Array(VariantSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const RulesSchema = Type.Object(
  {
    /** Where a reader checks the rules' currency: the newest "last checked" of the file is shown. */
    note: Type.String(),
    pathways: Type.Array(PathwaySchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Variant = Static<typeof VariantSchema>;
export type Pathway = Static<typeof PathwaySchema>;
export type Rules = Static<typeof RulesSchema>;

/** Reads and checks an office's pathway rules: every date a real day, ids unique, a variant's dates in order. */
export async function readRules(folder = path.join(SEEDS_DIR, 'demo')): Promise<Rules> {
  const file = path.join(folder, 'pathways.json');
  const rules = await readSeedFile(file, RulesSchema);
  const ids = new Set<string>();
  for (const pathway of rules.pathways) {
    if (ids.has(pathway.id)) throw new Error(`Seed file ${file}: pathway ${pathway.id} twice`);
    ids.add(pathway.id);
    for (const day of [
      pathway.lastChecked,
      ...pathway.variants.flatMap((v) => [v.appliesFrom, v.appliesUntil ?? v.appliesFrom]),
    ])
      if (!isDay(day)) throw new Error(`Seed file ${file}: ${pathway.id}: ${day} is no calendar day`);
    for (const v of pathway.variants)
      if (v.appliesUntil !== undefined && v.appliesUntil < v.appliesFrom)
        throw new Error(`Seed file ${file}: ${pathway.id}/${v.id} ends before it starts`);
  }
  return rules;
}

/** The newest "last checked" date of the rules: the date the result names. */
export function rulesDate(rules: Rules): string {
  return rules.pathways
    .map((p) => p.lastChecked)
    .sort()
    .at(-1) as string;
}
