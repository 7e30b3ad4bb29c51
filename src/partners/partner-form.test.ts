import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LOCALES } from '../platform/i18n/locales.js';
import { type FormValues, offerKey, parsePartnerForm } from './partner-form.js';

const SERVICE = '6f1c1a2e-2b9e-4c55-9d59-1f3a5e0b7c11';
const valid: FormValues = {
  name: 'Jobcenter Musterstadt',
  slug: 'jobcenter-musterstadt',
  kind: 'jobcenter',
  languages: 'de, EN; ar ar',
  postalCode: '31134',
  phone: '+49 5121 204-0',
  email: 'info@jobcenter.example.org',
  website: 'https://jobcenter.example.org',
  takesReferrals: 'yes',
  'summary.de': 'Geld zum Leben und Arbeit.',
  'hours.de': 'Mo–Fr 8–12',
  'summary.ar': 'المال للعيش والعمل.',
  'offer.0.key': 'basic-income',
  'offer.0.title.de': 'Bürgergeld beantragen',
  'offer.1.title.de': 'Hilfe bei der Arbeitssuche',
  'offer.1.title.fa': 'کمک در پیدا کردن کار',
  [`service.${SERVICE}`]: 'before',
};

test('a complete form: languages normalised, offers keyed, German texts required and others optional', () => {
  const parsed = parsePartnerForm(valid, [SERVICE]);
  assert.ok(parsed.ok);
  const { input } = parsed;
  assert.deepEqual(input.languages, ['de', 'en', 'ar']);
  assert.equal(input.takesReferrals, true);
  assert.deepEqual(Object.keys(input.texts), ['de', 'ar']);
  assert.deepEqual(
    input.offers.map((o) => o.key),
    ['basic-income', 'hilfe-bei-der-arbeitssuche'],
  );
  assert.deepEqual(input.services, [{ serviceId: SERVICE, timing: 'before' }]);
  // A service the authority does not have is not linked, whatever the form says.
  const other = parsePartnerForm({ ...valid, 'service.x': 'after' }, [SERVICE]);
  assert.ok(other.ok);
  assert.deepEqual(other.input.services, [{ serviceId: SERVICE, timing: 'before' }]);
});

test('each bad field is named with its message', () => {
  const parsed = parsePartnerForm(
    {
      ...valid,
      name: ' ',
      slug: 'Jobcenter!',
      kind: 'bank',
      languages: 'deutsch',
      postalCode: '3113',
      phone: 'call us',
      email: 'nobody',
      website: 'http://x.example.org',
      'summary.de': '',
      'hours.tr': 'Pzt',
      'offer.1.title.de': '',
      [`service.${SERVICE}`]: 'sometimes',
    },
    [SERVICE],
  );
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.errors.map((e) => `${e.field}:${e.message}`),
    [
      'slug:partners.error.slug',
      'kind:partners.error.kind',
      'name:partners.error.name',
      'languages:partners.error.languages',
      'postalCode:partners.error.postalCode',
      'phone:partners.error.phone',
      'email:partners.error.email',
      'website:partners.error.website',
      'summary.de:partners.error.summaryDe',
      'summary.tr:partners.error.summaryMissing',
      'offer.1.title.de:partners.error.offerTitleDe',
      `service.${SERVICE}:partners.error.timing`,
    ],
  );
});

test('offer keys from German titles', () => {
  assert.equal(offerKey('Beratung für Familien und Kinder'), 'beratung-fuer-familien-und-kinder');
  assert.equal(offerKey('Straße & Café'), 'strasse-cafe');
  assert.equal(offerKey('!!!'), 'angebot');
  // Two offers with the same title get different keys.
  const parsed = parsePartnerForm({ ...valid, 'offer.0.key': '', 'offer.1.title.de': 'Bürgergeld beantragen' }, []);
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.input.offers.map((o) => o.key),
    ['buergergeld-beantragen', 'buergergeld-beantragen-2'],
  );
});

test('property: any typed fields give errors or an input that the tables accept, never an exception', () => {
  const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ maxLength: 1200 }), fc.constant(''));
  const names = [
    'name',
    'slug',
    'kind',
    'languages',
    'street',
    'postalCode',
    'city',
    'phone',
    'email',
    'website',
    ...LOCALES.flatMap((l) => [`summary.${l}`, `hours.${l}`, `offer.0.title.${l}`, `offer.3.title.${l}`]),
    'offer.0.key',
    `service.${SERVICE}`,
  ];
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom(...names), text), fc.boolean(), (typed, complete) => {
      const values = complete ? { ...valid, ...typed } : typed;
      const parsed = parsePartnerForm(values, [SERVICE]);
      if (!parsed.ok) {
        assert.ok(parsed.errors.length > 0);
        for (const e of parsed.errors) assert.match(e.message, /^partners\.error\./);
        return;
      }
      const { input } = parsed;
      // The checks of migrations/019_partner_directory.sql.
      assert.match(input.slug, /^[a-z0-9-]{1,80}$/);
      assert.ok(input.name.length >= 1 && input.name.length <= 200);
      assert.match(input.postalCode, /^([0-9]{5})?$/);
      assert.ok(input.website === '' || input.website.startsWith('https://'));
      assert.ok(input.texts.de && input.texts.de.summary.length <= 1000);
      for (const text of Object.values(input.texts)) assert.ok(text.summary.length >= 1 && text.hours.length <= 500);
      for (const offer of input.offers) {
        assert.match(offer.key, /^[a-z0-9-]{1,80}$/);
        assert.ok(offer.titles.de && Object.values(offer.titles).every((t) => t.length >= 1 && t.length <= 200));
      }
      assert.equal(new Set(input.offers.map((o) => o.key)).size, input.offers.length);
    }),
  );
});
