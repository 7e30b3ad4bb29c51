import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDateInput, parsePerson } from './person-form.js';

const VALID = {
  firstName: ' Olena ',
  lastName: 'Kovalenko',
  birthDate: '31.03.1990',
  email: 'olena@example.org',
  locale: 'uk',
  permitExpiresOn: '',
};

test('dates: ISO and German forms, Arabic and Persian digits; other calendars and impossible dates are refused with a reason', () => {
  assert.deepEqual(parseDateInput('1990-03-31'), { ok: true, day: '1990-03-31' });
  assert.deepEqual(parseDateInput('31.3.1990'), { ok: true, day: '1990-03-31' });
  assert.deepEqual(parseDateInput('١٩٩٠-٠٣-٣١'), { ok: true, day: '1990-03-31' });
  assert.deepEqual(parseDateInput('۱۹۹۰/۰۳/۳۱'), { ok: true, day: '1990-03-31' });
  assert.deepEqual(parseDateInput('1369/01/10'), { ok: false, reason: 'calendar' }, 'Solar Hijri');
  assert.deepEqual(parseDateInput('1410-08-05'), { ok: false, reason: 'calendar' }, 'Hijri');
  assert.deepEqual(parseDateInput('2026-02-30'), { ok: false, reason: 'invalid' });
  assert.deepEqual(parseDateInput('March 31'), { ok: false, reason: 'format' });
});

test('a person is checked field by field; every error names its field', () => {
  const ok = parsePerson(VALID, '2026-11-23');
  assert.ok(
    ok.ok &&
      ok.person.firstName === 'Olena' &&
      ok.person.birthDate === '1990-03-31' &&
      ok.person.permitExpiresOn === null,
  );
  const bad = parsePerson(
    {
      ...VALID,
      firstName: '',
      birthDate: '2030-01-01',
      email: 'no-at-sign',
      locale: 'xx',
      permitExpiresOn: '1402/05/01',
    },
    '2026-11-23',
  );
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors.map((e) => e.field).sort(), [
    'birthDate',
    'email',
    'firstName',
    'locale',
    'permitExpiresOn',
  ]);
});
