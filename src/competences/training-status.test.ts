import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isDay } from '../platform/clock/office-time.js';
import { addMonths, planByQuarter, quarterOf, sharesTrained, trainingStates, type Course } from './training-status.js';

const courses: Course[] = [
  { id: 'ic', name: 'Intercultural competence', refreshMonths: 36 },
  { id: 'law', name: 'Legal updates', refreshMonths: 12 },
  { id: 'once', name: 'Induction', refreshMonths: null },
];

test('never taken, due after the refresh period, valid before it; the newest record counts', () => {
  const states = trainingStates(
    ['anna', 'ben'],
    courses,
    [
      { userId: 'anna', courseId: 'law', takenOn: '2025-01-10' },
      { userId: 'anna', courseId: 'law', takenOn: '2024-01-10' },
      { userId: 'anna', courseId: 'ic', takenOn: '2023-12-01' },
      { userId: 'ben', courseId: 'law', takenOn: '2024-06-30' },
      { userId: 'ben', courseId: 'once', takenOn: '2010-01-01' },
    ],
    '2026-01-10',
  );
  assert.deepEqual(
    states.map((s) => [s.userId, s.courseId, s.state, s.dueOn]),
    [
      ['anna', 'ic', 'valid', '2026-12-01'],
      ['anna', 'law', 'due', '2026-01-10'],
      ['anna', 'once', 'never', null],
      ['ben', 'ic', 'never', null],
      ['ben', 'law', 'due', '2025-06-30'],
      ['ben', 'once', 'valid', null],
    ],
  );
  assert.deepEqual(
    sharesTrained(courses, states, 2).map((s) => [s.courseId, s.trained, s.share]),
    [
      ['ic', 1, 0.5],
      ['law', 0, 0],
      ['once', 1, 0.5],
    ],
  );
  assert.deepEqual(sharesTrained(courses, [], 0)[0], { courseId: 'ic', trained: 0, members: 0, share: 0 });
});

test('months are added on the calendar, clamped to the month end', () => {
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  assert.equal(addMonths('2025-11-15', 14), '2027-01-15');
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 120 }),
      (date, months) => {
        const day = date.toISOString().slice(0, 10);
        const later = addMonths(day, months);
        assert.ok(isDay(later));
        assert.ok(later >= day);
      },
    ),
  );
});

test('plans are grouped by quarter in date order', () => {
  assert.equal(quarterOf('2026-03-31'), '2026-Q1');
  assert.equal(quarterOf('2026-04-01'), '2026-Q2');
  assert.deepEqual(
    planByQuarter([
      { userId: 'b', courseId: 'ic', plannedOn: '2026-05-02' },
      { userId: 'a', courseId: 'law', plannedOn: '2026-01-20' },
      { userId: 'a', courseId: 'ic', plannedOn: '2026-04-01' },
    ]).map((g) => [g.quarter, g.plans.map((p) => p.plannedOn)]),
    [
      ['2026-Q1', ['2026-01-20']],
      ['2026-Q2', ['2026-04-01', '2026-05-02']],
    ],
  );
});
