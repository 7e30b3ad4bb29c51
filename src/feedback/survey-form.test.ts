import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_TEXT, parseSurvey } from './survey-form.js';

const QUESTIONS = [
  { key: 'overall', kind: 'scale' },
  { key: 'waiting', kind: 'scale' },
  { key: 'comment', kind: 'text' },
] as const;

test('a complete form gives the scores and the text', () => {
  assert.deepEqual(parseSurvey(QUESTIONS, { 'q-overall': '5', 'q-waiting': '2', 'q-comment': '  Gut.  ' }), {
    ok: true,
    scores: { overall: 5, waiting: 2 },
    texts: ['Gut.'],
  });
});

test('a missing or foreign choice and an over-long text are named by field', () => {
  const result = parseSurvey(QUESTIONS, { 'q-overall': '6', 'q-comment': 'x'.repeat(MAX_TEXT + 1) });
  assert.deepEqual(result, {
    ok: false,
    errors: [
      { field: 'q-overall', message: 'feedback.error.choose' },
      { field: 'q-waiting', message: 'feedback.error.choose' },
      { field: 'q-comment', message: 'feedback.error.tooLong' },
    ],
  });
});

test('only 1 to 5 is ever accepted as a score', () => {
  fc.assert(
    fc.property(fc.string(), (raw) => {
      const result = parseSurvey([{ key: 'overall', kind: 'scale' }], { 'q-overall': raw });
      assert.equal(result.ok, /^\s*[1-5]\s*$/.test(raw));
      if (result.ok) assert.ok([1, 2, 3, 4, 5].includes(result.scores.overall!));
    }),
  );
});
