import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normalizeForSearch, searchTerms } from './search-text.js';

test('case, accents and German ß are ignored', () => {
  assert.equal(normalizeForSearch('Aufenthaltserlaubnis VERLÄNGERN'), 'aufenthaltserlaubnis verlangern');
  assert.equal(normalizeForSearch('Straße'), 'strasse');
  assert.equal(normalizeForSearch('Oturum İzni'), 'oturum izni');
  assert.equal(normalizeForSearch('ıişğüöç'), 'iisguoc');
});

test('Arabic and Persian spellings of the same letters match', () => {
  // Persian yeh/keheh against Arabic yeh/kaf; alef with hamza; harakat.
  assert.equal(normalizeForSearch('ویزا'), normalizeForSearch('ويزا'));
  assert.equal(normalizeForSearch('کارت'), normalizeForSearch('كارت'));
  assert.equal(normalizeForSearch('إقامة'), normalizeForSearch('اقامه'));
  assert.equal(normalizeForSearch('تَصْرِيح'), normalizeForSearch('تصريح'));
  assert.equal(normalizeForSearch('۱۲۳ ١٢٣'), '123 123');
});

test('Cyrillic is lowercased and kept', () => {
  assert.equal(normalizeForSearch('Продление ВНЖ'), 'продление внж');
  assert.equal(normalizeForSearch('Продовження'), 'продовження');
});

test('punctuation separates words; terms are unique, at most eight, at most 40 characters', () => {
  assert.deepEqual(searchTerms('  visa, VISA; §81!  '), ['visa', '§81']);
  assert.equal(searchTerms('a b c d e f g h i j k').length, 8);
  assert.equal(searchTerms('x'.repeat(100))[0]!.length, 40);
  assert.deepEqual(searchTerms('%_\\\'"'), []);
});

test('normalising is idempotent and a text always contains its own terms', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => {
      const once = normalizeForSearch(text);
      assert.equal(normalizeForSearch(once), once);
      for (const term of searchTerms(text, 100)) assert.ok(once.includes(term.slice(0, 40)));
    }),
  );
});
