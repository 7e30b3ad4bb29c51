import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import fc from 'fast-check';
import { SEEDS_DIR } from '../platform/seed-files.js';
import { answersQuery, FIRST_QUESTION, guideStep, QUESTIONS, type QuestionId } from './guide.js';

/** Every path through the tree, as the list of (question, option) pairs taken. */
function allPaths(question: QuestionId = FIRST_QUESTION, taken: [string, string][] = []): [string, string][][] {
  return QUESTIONS[question].options.flatMap((option) => {
    const path: [string, string][] = [...taken, [question, option.value]];
    return 'outcome' in option.next ? [path] : allPaths(option.next.question, path);
  });
}

test('no path asks more than five questions, and every path ends in at least one service', () => {
  const paths = allPaths();
  assert.ok(paths.length >= 20);
  for (const path of paths) {
    assert.ok(path.length <= 5, `too long: ${JSON.stringify(path)}`);
    const step = guideStep(Object.fromEntries(path));
    assert.equal(step.kind, 'outcome');
    if (step.kind === 'outcome') assert.ok(step.outcome.services.length >= 1);
  }
});

test('every service the guide leads to exists in the demo catalogue', async () => {
  const slugs = new Set((await readdir(`${SEEDS_DIR}demo/services`)).map((f) => f.replace(/\.json$/, '')));
  for (const path of allPaths()) {
    const step = guideStep(Object.fromEntries(path));
    if (step.kind === 'outcome')
      for (const slug of step.outcome.services) assert.ok(slugs.has(slug), `missing service ${slug}`);
  }
});

test('a permit holder whose permit expires soon is led to the extension, with the §81(4) advice', () => {
  const step = guideStep({ situation: 'permit', goal: 'extend', expiry: 'soon' });
  assert.equal(step.kind, 'outcome');
  if (step.kind === 'outcome') {
    assert.deepEqual(step.outcome.services, ['residence-permit-extension']);
    assert.equal(step.outcome.note, 'guide.note.applyNow');
  }
});

test('no answers show the first question; a wrong answer shows its question again, marked invalid', () => {
  const first = guideStep({});
  assert.equal(first.kind === 'question' && first.question.id, 'situation');
  const wrong = guideStep({ situation: 'permit', goal: 'fly-to-the-moon' });
  assert.ok(wrong.kind === 'question' && wrong.question.id === 'goal' && wrong.invalid);
  assert.equal(wrong.answered.length, 1);
});

test('answers off the path are ignored, and the query of the answers reproduces the step', () => {
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom(...Object.keys(QUESTIONS), 'other', 'q'),
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('permit', 'extend', 'soon', 'new', 'work', 'five')),
      ),
      (answers) => {
        const step = guideStep(answers);
        assert.ok(step.answered.length <= 5);
        const again = guideStep(Object.fromEntries(new URLSearchParams(answersQuery(step.answered))));
        assert.deepEqual(
          again.answered.map((a) => a.option.value),
          step.answered.map((a) => a.option.value),
        );
      },
    ),
  );
});
