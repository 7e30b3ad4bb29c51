import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Missing, PathwayResult } from './evaluate.js';
import { helpingPartnerKinds } from './helping-partners.js';

function result(missing: Missing[], titles: string[] = ['skilled']): PathwayResult {
  return { missing, variant: { titles } } as unknown as PathwayResult;
}

test('no results: no partners; any result: migration counselling', () => {
  assert.deepEqual(helpingPartnerKinds([]), []);
  assert.deepEqual(helpingPartnerKinds([result([])]), ['migration_counselling']);
});

test('each missing thing brings the partners who help with it', () => {
  assert.deepEqual(helpingPartnerKinds([result([{ kind: 'german', level: 'B1' }])]), [
    'migration_counselling',
    'language_courses',
  ]);
  assert.deepEqual(helpingPartnerKinds([result([{ kind: 'livelihood', level: 'full' }])]), [
    'migration_counselling',
    'jobcenter',
    'employment_agency',
  ]);
  // The skilled worker's title needs a recognised qualification; another title does not.
  assert.deepEqual(helpingPartnerKinds([result([{ kind: 'title' }])]), [
    'migration_counselling',
    'recognition_counselling',
    'chamber',
  ]);
  assert.deepEqual(helpingPartnerKinds([result([{ kind: 'title' }], ['humanitarian'])]), ['migration_counselling']);
});

test('property: the kinds are unique, migration counselling first, and each missing kind is covered', () => {
  const missing = fc.constantFrom<Missing>(
    { kind: 'title' },
    { kind: 'german', level: 'B1' },
    { kind: 'knowledge' },
    { kind: 'pension', months: 60 },
    { kind: 'livelihood', level: 'full' },
  );
  fc.assert(
    fc.property(fc.array(fc.array(missing, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), (sets) => {
      const kinds = helpingPartnerKinds(sets.map((m) => result(m)));
      assert.equal(new Set(kinds).size, kinds.length);
      assert.equal(kinds[0], 'migration_counselling');
      const all = sets.flat().map((m) => m.kind);
      if (all.includes('german') || all.includes('knowledge')) assert.ok(kinds.includes('language_courses'));
      if (all.includes('livelihood')) assert.ok(kinds.includes('jobcenter'));
      if (all.includes('title')) assert.ok(kinds.includes('recognition_counselling'));
    }),
  );
});
