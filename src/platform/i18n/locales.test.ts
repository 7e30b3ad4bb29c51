import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { direction, isLocale, LOCALES, negotiateLocale } from './locales.js';

test('Accept-Language picks the best supported language, German when none fits', () => {
  assert.equal(negotiateLocale(undefined), 'de');
  assert.equal(negotiateLocale(''), 'de');
  assert.equal(negotiateLocale('ar'), 'ar');
  assert.equal(negotiateLocale('fa-IR,fa;q=0.9,en;q=0.8'), 'fa');
  assert.equal(negotiateLocale('fr-FR,fr;q=0.9,en-GB;q=0.5'), 'en');
  assert.equal(negotiateLocale('en;q=0.3, uk;q=0.9'), 'uk');
  assert.equal(negotiateLocale('ja, zh-CN'), 'de');
  assert.equal(negotiateLocale('tr;q=0, ru'), 'ru');
  assert.equal(negotiateLocale('*'), 'de');
  assert.equal(negotiateLocale('DE-at'), 'de');
});

test('negotiation never fails and always yields a supported locale, whatever the header', () => {
  fc.assert(fc.property(fc.string({ maxLength: 3000 }), (header) => isLocale(negotiateLocale(header))));
});

test('Arabic and Persian are right to left, the rest left to right', () => {
  assert.deepEqual(
    LOCALES.filter((l) => direction(l) === 'rtl'),
    ['ar', 'fa'],
  );
});
