import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MIN_GROUP, quarterOf, reportable } from './pulse.js';

test('quarters of the year', () => {
  assert.equal(quarterOf('2026-01-01'), '2026-Q1');
  assert.equal(quarterOf('2026-03-31'), '2026-Q1');
  assert.equal(quarterOf('2026-04-01'), '2026-Q2');
  assert.equal(quarterOf('2026-12-03'), '2026-Q4');
});

test('a group below five answers shows nothing, not even its count; from five on it shows all', () => {
  fc.assert(
    fc.property(fc.nat(50), (answers) => {
      const shown = reportable({ quarter: '2026-Q4', answers, means: { workload: 3 }, comments: ['x'] });
      if (answers < MIN_GROUP) assert.deepEqual(shown, { quarter: '2026-Q4', tooFew: true });
      else assert.equal('answers' in shown && shown.answers, answers);
    }),
  );
});
