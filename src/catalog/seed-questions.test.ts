import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCALES } from '../platform/i18n/locales.js';
import { SEEDS_DIR } from '../platform/seed-files.js';
import { questionSeedProblems } from './seed-questions.js';

const texts = (options?: Record<string, string>) =>
  Object.fromEntries(LOCALES.map((l) => [l, { label: `Frage (${l})`, ...(options ? { options } : {}) }])) as Parameters<
    typeof questionSeedProblems
  >[0]['texts'];

test('a seeded question: length limits only on text, options only on choices and labelled in every language', () => {
  assert.deepEqual(
    questionSeedProblems({ slug: 'address', kind: 'longtext', required: true, maxLength: 300, texts: texts() }),
    [],
  );
  assert.deepEqual(
    questionSeedProblems({
      slug: 'purpose',
      kind: 'select',
      required: true,
      options: ['work', 'study'],
      texts: texts({ work: 'Arbeit', study: 'Studium' }),
    }),
    [],
  );
  assert.equal(
    questionSeedProblems({ slug: 'address', kind: 'text', required: true, texts: texts() }).length,
    1,
    'text without maxLength',
  );
  assert.equal(
    questionSeedProblems({ slug: 'since', kind: 'date', required: true, maxLength: 10, texts: texts() }).length,
    1,
    'maxLength on a date',
  );
  assert.equal(
    questionSeedProblems({
      slug: 'ok',
      kind: 'yesno',
      required: true,
      options: ['a', 'b'],
      texts: texts({ a: 'A', b: 'B' }),
    }).length,
    1,
    'options on yes/no',
  );
  const unlabelled = questionSeedProblems({
    slug: 'purpose',
    kind: 'select',
    required: true,
    options: ['work', 'study'],
    texts: texts({ work: 'Arbeit' }),
  });
  assert.equal(unlabelled.length, LOCALES.length, 'an option without a label, in every language');
});

test('the demo seeds: every service open online asks 2 to 4 questions, and none has a problem', async () => {
  const folder = path.join(SEEDS_DIR, 'demo', 'services');
  for (const file of (await readdir(folder)).filter((f) => f.endsWith('.json'))) {
    const service = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as {
      onlineApplication: boolean;
      applicationQuestions?: Parameters<typeof questionSeedProblems>[0][];
    };
    const questions = service.applicationQuestions ?? [];
    if (service.onlineApplication)
      assert.ok(questions.length >= 2 && questions.length <= 4, `${file}: ${questions.length} questions`);
    else assert.equal(questions.length, 0, file);
    assert.deepEqual(questions.flatMap(questionSeedProblems), [], file);
  }
});
