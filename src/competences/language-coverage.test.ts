import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  coverageGaps,
  languageCoverage,
  languagesSpokenAt,
  type Demand,
  type StaffDay,
  type StaffLanguage,
} from './language-coverage.js';

const TUESDAY = 2;
const WEDNESDAY = 3;

// A quarter at two locations, counted by hand: Mitte on Tuesday has 100 requests
// (60 de, 18 ar, 12 tr, 10 en), Nord on Tuesday 20 (15 de, 5 ar); Mitte on Wednesday 10 (8 de, 2 fa).
const demand: Demand[] = [
  { locationId: 'mitte', weekday: TUESDAY, language: 'de', count: 50 },
  { locationId: 'mitte', weekday: TUESDAY, language: 'de', count: 10 },
  { locationId: 'mitte', weekday: TUESDAY, language: 'ar', count: 18 },
  { locationId: 'mitte', weekday: TUESDAY, language: 'tr', count: 12 },
  { locationId: 'mitte', weekday: TUESDAY, language: 'en', count: 10 },
  { locationId: 'nord', weekday: TUESDAY, language: 'de', count: 15 },
  { locationId: 'nord', weekday: TUESDAY, language: 'ar', count: 5 },
  { locationId: 'mitte', weekday: WEDNESDAY, language: 'de', count: 8 },
  { locationId: 'mitte', weekday: WEDNESDAY, language: 'fa', count: 2 },
];
const staffDays: StaffDay[] = [
  { locationId: 'mitte', weekday: TUESDAY, userId: 'ayse' },
  { locationId: 'mitte', weekday: TUESDAY, userId: 'jonas' },
  { locationId: 'nord', weekday: TUESDAY, userId: 'samira' },
  { locationId: 'mitte', weekday: WEDNESDAY, userId: 'jonas' },
];
const staffLanguages: StaffLanguage[] = [
  { userId: 'ayse', language: 'tr', level: 'native', interpreting: true },
  { userId: 'ayse', language: 'en', level: 'B2', interpreting: false },
  { userId: 'jonas', language: 'en', level: 'A2', interpreting: false },
  { userId: 'jonas', language: 'fa', level: 'A1', interpreting: false },
  { userId: 'samira', language: 'ar', level: 'native', interpreting: true },
];

test('the seeded quarter gives the hand-computed shares and the Tuesday gap at Mitte', () => {
  const cells = languageCoverage(demand, staffDays, staffLanguages);
  const mitteTuesday = cells.find((c) => c.locationId === 'mitte' && c.weekday === TUESDAY)!;
  assert.equal(mitteTuesday.total, 100);
  assert.deepEqual(
    mitteTuesday.languages.map((l) => [l.language, l.count, l.share, l.speakers, l.interpreters, l.gap, l.suggestion]),
    [
      // German: everyone working that day (Ayşe and Jonas) speaks the office's language.
      ['de', 60, 0.6, 2, 0, false, null],
      ['ar', 18, 0.18, 0, 0, true, 'assign'],
      ['tr', 12, 0.12, 1, 1, false, null],
      ['en', 10, 0.1, 1, 0, false, null],
    ],
  );
  const nordTuesday = cells.find((c) => c.locationId === 'nord' && c.weekday === TUESDAY)!;
  assert.deepEqual(
    nordTuesday.languages.map((l) => [l.language, l.share, l.speakers, l.gap]),
    [
      ['de', 0.75, 1, false],
      ['ar', 0.25, 1, false],
    ],
  );
  // Farsi on Wednesday at Mitte: 2 of 10; nobody speaks it anywhere, Jonas has A1: train him.
  const gaps = coverageGaps(cells);
  assert.deepEqual(
    gaps.map((g) => [g.cell.locationId, g.cell.weekday, g.language.language, g.language.share, g.language.suggestion]),
    [
      ['mitte', WEDNESDAY, 'fa', 0.2, 'train'],
      ['mitte', TUESDAY, 'ar', 0.18, 'assign'],
    ],
  );
});

test('a language nobody in the office knows at all calls for an interpreter; small shares are no gap', () => {
  const cells = languageCoverage(
    [
      { locationId: 'mitte', weekday: 1, language: 'de', count: 96 },
      { locationId: 'mitte', weekday: 1, language: 'uk', count: 4 },
      { locationId: 'mitte', weekday: 1, language: 'ru', count: 0 },
    ],
    [],
    [],
  );
  assert.deepEqual(
    cells[0]!.languages.map((l) => [l.language, l.gap]),
    [
      ['de', false],
      ['uk', false],
    ],
  );
  const strict = languageCoverage([{ locationId: 'mitte', weekday: 1, language: 'uk', count: 4 }], [], []);
  assert.equal(strict[0]!.languages[0]!.suggestion, 'interpreter');
});

test('online applications (no location) are held against everyone working that weekday', () => {
  const cells = languageCoverage(
    [{ locationId: null, weekday: TUESDAY, language: 'ar', count: 3 }],
    staffDays,
    staffLanguages,
  );
  assert.deepEqual(
    cells[0]!.languages.map((l) => [l.language, l.speakers, l.gap]),
    [['ar', 1, false]],
  );
});

test('the languages spoken at each location come from whoever works there on any day', () => {
  assert.deepEqual([...languagesSpokenAt(staffDays, staffLanguages)].sort(), [
    ['mitte', ['en', 'tr']],
    ['nord', ['ar']],
  ]);
});

const LANGS = ['de', 'ar', 'tr', 'en', 'fa', 'uk'];
const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'];
const arbDemand = fc.array(
  fc.record({
    locationId: fc.constantFrom('mitte', 'nord', null),
    weekday: fc.integer({ min: 1, max: 7 }),
    language: fc.constantFrom(...LANGS),
    count: fc.integer({ min: 0, max: 50 }),
  }),
  { maxLength: 40 },
);
const arbStaffDays = fc.array(
  fc.record({
    locationId: fc.constantFrom('mitte', 'nord'),
    weekday: fc.integer({ min: 1, max: 7 }),
    userId: fc.constantFrom('u1', 'u2', 'u3'),
  }),
  { maxLength: 10 },
);
const arbLanguages = fc.uniqueArray(
  fc.record({
    userId: fc.constantFrom('u1', 'u2', 'u3'),
    language: fc.constantFrom(...LANGS),
    level: fc.constantFrom(...LEVELS),
    interpreting: fc.boolean(),
  }),
  { selector: (l) => `${l.userId}|${l.language}`, maxLength: 10 },
);

test('shares of every cell add up to 1 and counts to the total', () => {
  fc.assert(
    fc.property(arbDemand, arbStaffDays, arbLanguages, (d, days, langs) => {
      for (const cell of languageCoverage(d, days, langs)) {
        assert.ok(cell.total > 0);
        assert.equal(
          cell.languages.reduce((s, l) => s + l.count, 0),
          cell.total,
        );
        assert.ok(Math.abs(cell.languages.reduce((s, l) => s + l.share, 0) - 1) < 1e-9);
      }
    }),
  );
});

test('a gap never has a speaker, and adding a native speaker that day closes it', () => {
  fc.assert(
    fc.property(arbDemand, arbStaffDays, arbLanguages, (d, days, langs) => {
      for (const { cell, language } of coverageGaps(languageCoverage(d, days, langs))) {
        assert.equal(language.speakers, 0);
        assert.notEqual(language.language, 'de');
        const location = cell.locationId ?? 'mitte';
        const healed = languageCoverage(
          d,
          [...days, { locationId: location, weekday: cell.weekday, userId: 'helper' }],
          [...langs, { userId: 'helper', language: language.language, level: 'native', interpreting: false }],
        );
        const same = healed.find((c) => c.locationId === cell.locationId && c.weekday === cell.weekday)!;
        assert.equal(same.languages.find((l) => l.language === language.language)!.gap, false);
      }
    }),
  );
});

test('doubling every count keeps every share', () => {
  fc.assert(
    fc.property(arbDemand, arbStaffDays, arbLanguages, (d, days, langs) => {
      const once = languageCoverage(d, days, langs);
      const twice = languageCoverage(
        d.map((x) => ({ ...x, count: x.count * 2 })),
        days,
        langs,
      );
      assert.deepEqual(
        twice.map((c) => c.languages.map((l) => [l.language, l.share, l.gap])),
        once.map((c) => c.languages.map((l) => [l.language, l.share, l.gap])),
      );
    }),
  );
});
