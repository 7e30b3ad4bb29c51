import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../platform/clock/office-time.js';
import { addMonths, type Answers, evaluatePathways, type PathwayResult } from './evaluate.js';
import { GERMAN_LEVELS, LIVELIHOODS, readRules, type Rules, TITLE_GROUPS } from './rules.js';

let rules: Rules;
before(async () => {
  rules = await readRules();
});

const TODAY = '2026-12-03';

const base: Answers = {
  title: 'skilled',
  titleSince: '2020-01-01',
  residentSince: '2020-01-01',
  asylumSince: null,
  gapMonths: 0,
  german: 'B1',
  knowledge: true,
  integrationCourse: false,
  pensionMonths: 60,
  livelihood: 'full',
};

function result(id: string, answers: Partial<Answers>, today = TODAY): PathwayResult {
  const found = evaluatePathways({ ...base, ...answers }, rules, today).find((r) => r.pathway.id === id);
  assert.ok(found, `pathway ${id} in force on ${today}`);
  return found;
}

describe('hand-checked cases (today 3 December 2026 unless named)', () => {
  const cases: {
    name: string;
    pathway: string;
    answers: Partial<Answers>;
    today?: string;
    standing: 'now' | 'from' | 'missing';
    date?: string;
    variant?: string;
    missing?: string[];
  }[] = [
    {
      name: 'skilled worker, 3 years since June 2023, 40 months of contributions: now',
      pathway: 'settlement-skilled',
      answers: { titleSince: '2023-06-01', pensionMonths: 40 },
      standing: 'now',
    },
    {
      name: 'skilled worker since 15 March 2024 with 36 months of contributions: from 15 March 2027',
      pathway: 'settlement-skilled',
      answers: { titleSince: '2024-03-15', pensionMonths: 36 },
      standing: 'from',
      date: '2027-03-15',
    },
    {
      name: 'skilled worker with 20 of 36 months of contributions: 16 missing',
      pathway: 'settlement-skilled',
      answers: { titleSince: '2024-03-15', pensionMonths: 20 },
      standing: 'missing',
      missing: ['pension:16'],
    },
    {
      name: 'Blue Card since 10 January 2025 with B1 and 21 months: now (21 months)',
      pathway: 'settlement-blue-card',
      answers: { title: 'blueCard', titleSince: '2025-01-10', pensionMonths: 21 },
      standing: 'now',
      variant: '21-months-b1',
    },
    {
      name: 'Blue Card since 10 January 2025 with A2 and 30 months of contributions: from 10 April 2027 (27 months)',
      pathway: 'settlement-blue-card',
      answers: { title: 'blueCard', titleSince: '2025-01-10', german: 'A2', pensionMonths: 30 },
      standing: 'from',
      date: '2027-04-10',
      variant: '27-months',
    },
    {
      name: 'Blue Card holder without the knowledge test: the test is missing',
      pathway: 'settlement-blue-card',
      answers: { title: 'blueCard', titleSince: '2025-01-10', german: 'A1', knowledge: false, pensionMonths: 30 },
      standing: 'missing',
      variant: '27-months',
      missing: ['knowledge'],
    },
    {
      name: 'recognised refugee, asylum applied September 2020, A2, living mostly secured: now (asylum procedure counts)',
      pathway: 'settlement-refugee',
      answers: {
        title: 'refugee',
        asylumSince: '2020-09-01',
        titleSince: '2021-09-01',
        german: 'A2',
        livelihood: 'mostly',
        pensionMonths: 0,
      },
      standing: 'now',
      variant: 'five-years-a2',
    },
    {
      name: 'recognised refugee with C1, living largely secured, asylum February 2023: now after 3 years',
      pathway: 'settlement-refugee',
      answers: {
        title: 'refugee',
        asylumSince: '2023-02-01',
        titleSince: '2023-08-01',
        german: 'C1',
        livelihood: 'largely',
      },
      standing: 'now',
      variant: 'three-years-c1',
    },
    {
      name: 'recognised refugee with C1, asylum 20 May 2024: from 20 May 2027',
      pathway: 'settlement-refugee',
      answers: {
        title: 'refugee',
        asylumSince: '2024-05-20',
        titleSince: '2025-01-01',
        german: 'C1',
        livelihood: 'largely',
      },
      standing: 'from',
      date: '2027-05-20',
    },
    {
      name: 'recognised refugee without income: living mostly secured is missing (5-year rule)',
      pathway: 'settlement-refugee',
      answers: { title: 'refugee', asylumSince: '2022-01-01', titleSince: '2022-10-01', livelihood: 'no' },
      standing: 'missing',
      variant: 'five-years-a2',
      missing: ['livelihood:mostly'],
    },
    {
      name: 'recognised refugee with A1: A2 missing',
      pathway: 'settlement-refugee',
      answers: {
        title: 'refugee',
        asylumSince: '2019-01-01',
        titleSince: '2019-08-01',
        german: 'A1',
        livelihood: 'mostly',
      },
      standing: 'missing',
      missing: ['german:A2'],
    },
    {
      name: 'spouse of a German since 1 November 2023 with B1: now',
      pathway: 'settlement-family-german',
      answers: { title: 'familyGerman', titleSince: '2023-11-01', pensionMonths: 0 },
      standing: 'now',
    },
    {
      name: 'spouse of a German since 29 February 2024: from 1 March 2027 (no 29 February in 2027)',
      pathway: 'settlement-family-german',
      answers: { title: 'familyGerman', titleSince: '2024-02-29' },
      standing: 'from',
      date: '2027-03-01',
    },
    {
      name: 'parent of a German child with A2: B1 missing',
      pathway: 'settlement-family-german',
      answers: { title: 'familyGerman', titleSince: '2022-05-01', german: 'A2' },
      standing: 'missing',
      missing: ['german:B1'],
    },
    {
      name: 'family member, 5 years since April 2021, 60 months: § 9 now',
      pathway: 'settlement-general',
      answers: { title: 'family', residentSince: '2021-04-01', titleSince: '2024-04-01' },
      standing: 'now',
    },
    {
      name: 'the same with a gap of 8 months abroad: 1 December 2026, still now',
      pathway: 'settlement-general',
      answers: { title: 'family', residentSince: '2021-04-01', gapMonths: 8 },
      standing: 'now',
    },
    {
      name: 'the same with a gap of 9 months: from 1 January 2027',
      pathway: 'settlement-general',
      answers: { title: 'family', residentSince: '2021-04-01', gapMonths: 9 },
      standing: 'from',
      date: '2027-01-01',
    },
    {
      name: '§ 9 with 48 of 60 months of contributions: 12 missing',
      pathway: 'settlement-general',
      answers: { title: 'other', residentSince: '2019-01-01', pensionMonths: 48 },
      standing: 'missing',
      missing: ['pension:12'],
    },
    {
      name: 'integration course completed (A2 typed, no test named): counts as B1 and the test',
      pathway: 'settlement-general',
      answers: { german: 'A2', knowledge: false, integrationCourse: true, residentSince: '2020-06-01' },
      standing: 'now',
    },
    {
      name: 'student: EU long-term residence not open to the title',
      pathway: 'eu-long-term',
      answers: { title: 'study' },
      standing: 'missing',
      missing: ['title'],
    },
    {
      name: 'subsidiary protection, asylum March 2021: EU long-term now (procedure counts)',
      pathway: 'eu-long-term',
      answers: { title: 'subsidiary', asylumSince: '2021-03-01', residentSince: '2021-10-01' },
      standing: 'now',
    },
    {
      name: 'naturalisation in 2026: 5 years since January 2022 → from 1 January 2027',
      pathway: 'naturalisation',
      answers: { residentSince: '2022-01-01' },
      standing: 'from',
      date: '2027-01-01',
      variant: 'five-years',
    },
    {
      name: 'naturalisation with C1 in 2026: the 3-year rule is repealed, still 1 January 2027',
      pathway: 'naturalisation',
      answers: { residentSince: '2022-01-01', german: 'C1' },
      standing: 'from',
      date: '2027-01-01',
      variant: 'five-years',
    },
    {
      name: 'naturalisation with C1 on 1 June 2025: the 3-year rule was in force → now',
      pathway: 'naturalisation',
      answers: { residentSince: '2022-01-01', german: 'C1' },
      today: '2025-06-01',
      standing: 'now',
      variant: 'three-years-special-integration',
    },
    {
      name: 'naturalisation on 1 January 2024: still 8 years → from 1 January 2026',
      pathway: 'naturalisation',
      answers: { residentSince: '2018-01-01' },
      today: '2024-01-01',
      standing: 'from',
      date: '2026-01-01',
      variant: 'eight-years',
    },
    {
      name: 'naturalisation with living only largely secured: fully secured missing',
      pathway: 'naturalisation',
      answers: { livelihood: 'largely' },
      standing: 'missing',
      missing: ['livelihood:full'],
    },
    {
      name: 'settlement permit holder: naturalisation now after 5 years',
      pathway: 'naturalisation',
      answers: { title: 'settled', residentSince: '2019-05-01' },
      standing: 'now',
    },
    {
      name: 'settlement permit holder: a settlement permit is not a next step',
      pathway: 'settlement-general',
      answers: { title: 'settled' },
      standing: 'missing',
      missing: ['title'],
    },
    {
      name: 'recognised refugee: asylum procedure counts towards naturalisation, June 2021 → now',
      pathway: 'naturalisation',
      answers: { title: 'refugee', asylumSince: '2021-06-01', residentSince: '2022-01-01' },
      standing: 'now',
    },
    {
      name: 'Duldung: nothing opens yet, the title is missing',
      pathway: 'settlement-general',
      answers: { title: 'none', german: 'A1', knowledge: false, pensionMonths: 10, livelihood: 'no' },
      standing: 'missing',
      missing: ['title', 'german:B1', 'knowledge', 'pension:50', 'livelihood:full'],
    },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const r = result(c.pathway, c.answers, c.today);
      assert.equal(r.standing, c.standing);
      if (c.date) assert.equal(r.periodDone, c.date);
      if (c.variant) assert.equal(r.variant.id, c.variant);
      if (c.missing) {
        const named = r.missing.map((m) =>
          m.kind === 'pension' ? `pension:${m.months}` : 'level' in m ? `${m.kind}:${m.level}` : m.kind,
        );
        assert.deepEqual(named, c.missing);
      }
    });
  }

  test('there are at least 20 of them', () => assert.ok(cases.length >= 20));
});

describe('adding months', () => {
  test('a day the month lacks moves to the first of the next month, never earlier', () => {
    assert.equal(addMonths('2024-01-31', 1), '2024-03-01');
    assert.equal(addMonths('2023-12-31', 2), '2024-03-01');
    assert.equal(addMonths('2024-02-29', 12), '2025-03-01');
    assert.equal(addMonths('2021-04-01', 68), '2026-12-01');
  });
});

// ——— properties ———

const day = fc.integer({ min: 0, max: 365 * 15 }).map((n) => addDays('2012-01-01', n));

const answers: fc.Arbitrary<Answers> = fc.record({
  title: fc.constantFrom(...TITLE_GROUPS),
  titleSince: day,
  residentSince: day,
  asylumSince: fc.option(day, { nil: null }),
  gapMonths: fc.integer({ min: 0, max: 36 }),
  german: fc.constantFrom(...GERMAN_LEVELS),
  knowledge: fc.boolean(),
  integrationCourse: fc.boolean(),
  pensionMonths: fc.integer({ min: 0, max: 120 }),
  livelihood: fc.constantFrom(...LIVELIHOODS),
});
const today = fc.integer({ min: 0, max: 365 * 4 }).map((n) => addDays('2023-01-01', n));

/** How good a standing is: lower is better; among "from", the earlier date. */
function better(a: PathwayResult, b: PathwayResult): boolean {
  const order = ['now', 'from', 'missing'];
  const byStanding = order.indexOf(a.standing) - order.indexOf(b.standing);
  if (byStanding !== 0) return byStanding < 0;
  return a.standing !== 'from' || a.periodDone <= b.periodDone;
}

describe('properties of the evaluator', () => {
  test('more months (of stay, of title, of contributions) never make a pathway worse', () => {
    fc.assert(
      fc.property(answers, today, fc.nat(60), fc.nat(60), fc.nat(60), (a, t, earlier, more, fewerGaps) => {
        const more_: Answers = {
          ...a,
          titleSince: addMonths(a.titleSince, -earlier),
          residentSince: addMonths(a.residentSince, -earlier),
          asylumSince: a.asylumSince === null ? null : addMonths(a.asylumSince, -earlier),
          pensionMonths: a.pensionMonths + more,
          gapMonths: Math.max(0, a.gapMonths - fewerGaps),
        };
        const before = evaluatePathways(a, rules, t);
        const after = evaluatePathways(more_, rules, t);
        for (const [i, r] of before.entries()) {
          const s = after[i]!;
          assert.ok(better(s, r), `${r.pathway.id}: ${r.standing} ${r.periodDone} → ${s.standing} ${s.periodDone}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('"possible from" and "possible now" are never earlier than the rule\'s period allows', () => {
    fc.assert(
      fc.property(answers, today, (a, t) => {
        for (const r of evaluatePathways(a, rules, t)) {
          const starts = [r.variant.period.from === 'title' ? a.titleSince : a.residentSince];
          if (r.variant.period.countAsylumProcedure && a.asylumSince) starts.push(a.asylumSince);
          const earliest = addMonths(starts.sort()[0]!, r.variant.period.months);
          assert.ok(r.periodDone >= earliest, `${r.pathway.id}: ${r.periodDone} before ${earliest}`);
          if (r.standing === 'now') assert.ok(r.periodDone <= t);
          if (r.standing === 'from') assert.ok(r.periodDone > t);
          assert.ok(r.variant.appliesFrom <= t && (!r.variant.appliesUntil || t <= r.variant.appliesUntil));
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a missing condition is always named, and only a condition really missing', () => {
    fc.assert(
      fc.property(answers, today, (a, t) => {
        for (const r of evaluatePathways(a, rules, t)) {
          assert.equal(r.standing === 'missing', r.missing.length > 0);
          for (const m of r.missing) {
            if (m.kind === 'title') assert.ok(!r.variant.titles.includes(a.title));
            if (m.kind === 'pension') assert.equal(m.months, r.variant.pensionMonths - a.pensionMonths);
            if (m.kind === 'knowledge') assert.ok(!a.knowledge && !a.integrationCourse);
            if (m.kind === 'livelihood') assert.ok(LIVELIHOODS.indexOf(a.livelihood) < LIVELIHOODS.indexOf(m.level));
            if (m.kind === 'german') assert.ok(GERMAN_LEVELS.indexOf(a.german) < GERMAN_LEVELS.indexOf(m.level));
          }
          // Conversely: with every condition of the variant met, nothing is missing.
          const met = evaluatePathways(
            {
              ...a,
              title: r.variant.titles[0]!,
              german: 'C2',
              knowledge: true,
              pensionMonths: 240,
              livelihood: 'full',
            },
            rules,
            t,
          ).find((x) => x.pathway.id === r.pathway.id);
          assert.notEqual(met?.standing, 'missing');
        }
      }),
      { numRuns: 300 },
    );
  });
});
