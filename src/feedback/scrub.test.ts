import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { REDACTED_EMAIL, REDACTED_PHONE, scrubContactData } from './scrub.js';

test('e-mail addresses and phone numbers are removed, the rest stays', () => {
  assert.equal(
    scrubContactData('Schreiben Sie mir: anna.mueller+x@example.org oder 0171 234 56 78, danke!'),
    `Schreiben Sie mir: ${REDACTED_EMAIL} oder ${REDACTED_PHONE}, danke!`,
  );
  assert.equal(scrubContactData('Tel. +49 (30) 1234-567'), `Tel. ${REDACTED_PHONE}`);
  assert.equal(scrubContactData('0049 30 123456'), REDACTED_PHONE);
  assert.equal(scrubContactData('علي@مثال.شبكة'), REDACTED_EMAIL);
  // Short numbers are no phone numbers: waiting times, counters, years.
  assert.equal(
    scrubContactData('Ich wartete 45 Minuten an Schalter 3 im Jahr 2026.'),
    'Ich wartete 45 Minuten an Schalter 3 im Jahr 2026.',
  );
});

test('no run of six or more digits and no address survives the scrub', () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.stringMatching(/^\+?[0-9][0-9 ]{5,14}[0-9]$/),
      fc.stringMatching(/^[a-z0-9._-]{1,20}@[a-z0-9-]{1,20}\.[a-z]{2,6}$/),
      (text, phone, email) => {
        const scrubbed = scrubContactData(`${text} ${phone} ${text} ${email} ${text}`);
        assert.ok(!scrubbed.includes(email));
        assert.doesNotMatch(scrubbed, /[0-9]{6,}/);
      },
    ),
  );
});
