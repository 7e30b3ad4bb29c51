import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { addDays } from '../platform/clock/office-time.js';
import { SEEDS_DIR } from '../platform/seed-files.js';
import { type Answers, evaluatePathways, variantsInForce } from './evaluate.js';
import { readRules, rulesDate } from './rules.js';

test('every document and service the rules name exists in the demo catalogue', async () => {
  const rules = await readRules();
  const documents = new Set(
    (JSON.parse(await readFile(`${SEEDS_DIR}demo/documents.json`, 'utf8')) as { slug: string }[]).map((d) => d.slug),
  );
  const services = new Set((await readdir(`${SEEDS_DIR}demo/services`)).map((f) => f.replace(/\.json$/, '')));
  for (const pathway of rules.pathways) {
    for (const slug of pathway.documents) assert.ok(documents.has(slug), `${pathway.id}: document ${slug}`);
    if (pathway.serviceSlug)
      assert.ok(services.has(pathway.serviceSlug), `${pathway.id}: service ${pathway.serviceSlug}`);
  }
});

test('each pathway has a rule in force on every day from 2008 to 2030, and none checked before it applies', async () => {
  const rules = await readRules();
  for (const pathway of rules.pathways) {
    for (let day = '2008-01-01'; day <= '2030-12-31'; day = addDays(day, 7)) {
      if (pathway.variants.every((v) => v.appliesFrom > day)) continue;
      assert.ok(variantsInForce(pathway, day).length > 0, `${pathway.id}: no rule on ${day}`);
    }
    for (const v of pathway.variants) assert.ok(v.appliesFrom <= pathway.lastChecked, `${pathway.id}/${v.id}`);
  }
  assert.equal(rulesDate(rules), '2026-12-03');
});

test('a change of the law is a change of data: reinstating the 3-year naturalisation in the file changes the result', async () => {
  const rules = await readRules();
  const answers: Answers = {
    title: 'skilled',
    titleSince: '2023-01-01',
    residentSince: '2023-01-01',
    asylumSince: null,
    gapMonths: 0,
    german: 'C1',
    knowledge: true,
    integrationCourse: false,
    pensionMonths: 48,
    livelihood: 'full',
  };
  const before = evaluatePathways(answers, rules, '2026-12-03').find((r) => r.pathway.id === 'naturalisation');
  assert.equal(before?.standing, 'from');
  assert.equal(before?.periodDone, '2028-01-01');
  const edited = structuredClone(rules);
  const naturalisation = edited.pathways.find((p) => p.id === 'naturalisation')!;
  for (const v of naturalisation.variants) if (v.id === 'three-years-special-integration') delete v.appliesUntil;
  const after = evaluatePathways(answers, edited, '2026-12-03').find((r) => r.pathway.id === 'naturalisation');
  assert.equal(after?.standing, 'now');
  assert.equal(after?.variant.id, 'three-years-special-integration');
});
