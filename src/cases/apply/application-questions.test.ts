import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ApplicationQuestion } from '../../catalog/application-facts.js';
import { keepAnswered, labelledAnswers, parseAnswers, questionFields } from './application-questions.js';

function question(
  slug: string,
  kind: ApplicationQuestion['kind'],
  required: boolean,
  more: Partial<ApplicationQuestion> = {},
): ApplicationQuestion {
  return {
    slug,
    kind,
    required,
    maxLength: null,
    label: `Label ${slug}`,
    labelDe: `Frage ${slug}`,
    hint: null,
    hintDe: null,
    options: [],
    ...more,
  };
}

const PURPOSE = question('purpose', 'select', true, {
  options: ['work', 'study', 'family', 'other'].map((slug) => ({
    slug,
    label: `Option ${slug}`,
    labelDe: `Auswahl ${slug}`,
  })),
});
const EMPLOYER = question('employer', 'text', false, { maxLength: 30 });
const ADDRESS = question('address', 'longtext', true, { maxLength: 60 });
const SINCE = question('since', 'date', false);
const CHANGED = question('changed', 'yesno', true);
const ALL = [PURPOSE, EMPLOYER, ADDRESS, SINCE, CHANGED];

const VALID = {
  purpose: 'study',
  employer: '  Universität   Musterstadt ',
  address: 'Hauptstraße 1\r\n12345 Musterstadt  ',
  since: '31.03.2020',
  changed: 'no',
};

test('valid answers are normalised: text trimmed, lines kept in long text, dates ISO, option slugs; unanswered optional questions left out', () => {
  assert.deepEqual(parseAnswers(ALL, VALID), {
    ok: true,
    answers: {
      purpose: 'study',
      employer: 'Universität Musterstadt',
      address: 'Hauptstraße 1\n12345 Musterstadt',
      since: '2020-03-31',
      changed: 'no',
    },
  });
  const optionalLeft = parseAnswers(ALL, { ...VALID, employer: '   ', since: '' });
  assert.ok(optionalLeft.ok);
  assert.deepEqual(Object.keys(optionalLeft.answers).sort(), ['address', 'changed', 'purpose']);
  assert.deepEqual(parseAnswers(ALL, { ...VALID, since: '۲۰۲۰-۰۳-۳۱' }), parseAnswers(ALL, VALID), 'Persian digits');
});

test('each rule refuses with a message key naming the question', () => {
  const errors = (input: Record<string, string>) => {
    const result = parseAnswers(ALL, input);
    return result.ok ? [] : result.errors;
  };
  assert.deepEqual(errors({}), [
    { slug: 'purpose', message: 'apply.question.choose' },
    { slug: 'address', message: 'apply.question.required' },
    { slug: 'changed', message: 'apply.question.choose' },
  ]);
  assert.deepEqual(errors({ ...VALID, purpose: 'holiday' }), [
    { slug: 'purpose', message: 'apply.question.chooseOption' },
  ]);
  assert.deepEqual(errors({ ...VALID, changed: 'maybe' }), [
    { slug: 'changed', message: 'apply.question.chooseOption' },
  ]);
  assert.deepEqual(errors({ ...VALID, employer: 'x'.repeat(31) }), [
    { slug: 'employer', message: 'apply.question.tooLong', max: 30 },
  ]);
  assert.deepEqual(
    errors({ ...VALID, employer: '🙂'.repeat(30) }),
    [],
    'the limit counts characters, not UTF-16 units',
  );
  assert.deepEqual(errors({ ...VALID, employer: '<b>Firma</b>' }), [
    { slug: 'employer', message: 'apply.question.invalidText' },
  ]);
  assert.deepEqual(errors({ ...VALID, address: 'Weg 1\u0000' }), [
    { slug: 'address', message: 'apply.question.invalidText' },
  ]);
  assert.deepEqual(
    errors({ ...VALID, address: 'Weg 1\u001a' }),
    [{ slug: 'address', message: 'apply.question.invalidText' }],
    'SUB, what a NUL becomes',
  );
  assert.deepEqual(errors({ ...VALID, since: '1399-01-10' }), [
    { slug: 'since', message: 'person.error.dateCalendar' },
  ]);
  assert.deepEqual(errors({ ...VALID, since: '2021-02-30' }), [{ slug: 'since', message: 'person.error.dateInvalid' }]);
  assert.deepEqual(errors({ ...VALID, since: 'gestern' }), [{ slug: 'since', message: 'person.error.dateFormat' }]);
});

test("posted fields: only q:<slug> fields are answers, and a draft keeps only the service's own questions", () => {
  const fields = { firstName: 'Olena', 'q:purpose': 'work', 'q:__proto__': 'x', 'q:unknown': 'y', 'q:': 'z' };
  const answers = questionFields(fields);
  assert.equal(answers.purpose, 'work');
  assert.equal(Object.hasOwn(answers, 'firstName'), false);
  assert.deepEqual(keepAnswered(ALL, answers), { purpose: 'work' });
  assert.equal(Object.getPrototypeOf(keepAnswered(ALL, answers)), Object.prototype, 'no prototype is replaced');
});

test("staff read the answers in the questions' order and labels, choices by their option label, and answers to questions no longer asked", () => {
  const shown = labelledAnswers(ALL, { changed: 'yes', purpose: 'family', gone: 'alt', broken: 7 });
  assert.deepEqual(shown, [
    { slug: 'purpose', label: 'Label purpose', kind: 'select', value: 'Option family' },
    { slug: 'changed', label: 'Label changed', kind: 'yesno', value: 'yes' },
    { slug: 'gone', label: 'gone', kind: 'unknown', value: 'alt' },
  ]);
  assert.deepEqual(labelledAnswers(ALL, null), []);
  assert.deepEqual(labelledAnswers(ALL, ['x']), []);
});

const anyQuestion = fc
  .record({
    slug: fc.constantFrom('a', 'b', 'c-d'),
    kind: fc.constantFrom('text', 'longtext', 'date', 'select', 'yesno') as fc.Arbitrary<ApplicationQuestion['kind']>,
    required: fc.boolean(),
    maxLength: fc.integer({ min: 1, max: 1000 }),
    options: fc.uniqueArray(fc.constantFrom('work', 'study', 'x-y', 'other'), { minLength: 2, maxLength: 4 }),
  })
  .map(({ slug, kind, required, maxLength, options }) =>
    question(slug, kind, required, {
      maxLength: kind === 'text' || kind === 'longtext' ? maxLength : null,
      options: kind === 'select' ? options.map((o) => ({ slug: o, label: o, labelDe: o })) : [],
    }),
  );
const questions = fc.uniqueArray(anyQuestion, { selector: (q) => q.slug, minLength: 1, maxLength: 3 });
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '',
    ' ',
    'yes',
    'no',
    'work',
    'Work',
    ' work ',
    'other',
    '2026-02-30',
    '31.03.2026',
    '__proto__',
    '<x>',
    '\u0000',
  ),
);
const anyInput = fc.dictionary(fc.constantFrom('a', 'b', 'c-d', 'e', '__proto__', 'constructor'), anyText, {
  maxKeys: 5,
});

test('property: never throws; a choice is never accepted outside its options; a required question left empty is always an error', () => {
  fc.assert(
    fc.property(questions, anyInput, (qs, input) => {
      const result = parseAnswers(qs, input);
      for (const q of qs) {
        const raw = Object.hasOwn(input, q.slug) ? input[q.slug]! : '';
        if (q.required && raw.trim() === '') assert.ok(!result.ok && result.errors.some((e) => e.slug === q.slug));
        if (!result.ok) continue;
        const value = result.answers[q.slug];
        if (value === undefined) continue;
        if (q.kind === 'select')
          assert.ok(
            q.options.some((o) => o.slug === value),
            `${value} is an option`,
          );
        if (q.kind === 'yesno') assert.ok(value === 'yes' || value === 'no');
        if (q.kind === 'date') assert.match(value, /^\d{4}-\d{2}-\d{2}$/);
        if (q.kind === 'text' || q.kind === 'longtext') {
          assert.ok(
            [...value].length <= q.maxLength! && !/[<>]/.test(value) && !/[\p{Cc}]/u.test(value.replace(/\n/g, '')),
          );
        }
      }
      if (result.ok)
        assert.deepEqual(
          Object.keys(result.answers).filter((k) => !qs.some((q) => q.slug === k)),
          [],
          'only the questions are answered',
        );
    }),
    { numRuns: 2000 },
  );
});
