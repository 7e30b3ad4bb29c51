import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { AppointmentDeps } from '../appointments-deps.js';
import { checkInCodeOf } from './check-in-code.js';
import { checkInLink } from '../confirmation/confirmation-mail.js';

const READABLE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const code = fc.string({ unit: fc.constantFrom(...READABLE), minLength: 8, maxLength: 8 });
/** The link the confirmation's QR code holds, built as the confirmation builds it. */
const linkOf = (base: string, c: string) => checkInLink({ links: { base } } as AppointmentDeps, c);

test('a typed code: any case, spaces and hyphens, full-width characters', () => {
  assert.equal(checkInCodeOf('K7M2QX4P'), 'K7M2QX4P');
  assert.equal(checkInCodeOf('  k7m2-qx4p '), 'K7M2QX4P');
  assert.equal(checkInCodeOf('K7M2 QX4P'), 'K7M2QX4P');
  assert.equal(checkInCodeOf('Ｋ７Ｍ２ＱＸ４Ｐ'), 'K7M2QX4P');
  assert.equal(checkInCodeOf('K7M2QX4'), null, 'too short');
  assert.equal(checkInCodeOf('K7M2QX4PP'), null, 'too long');
  assert.equal(checkInCodeOf(''), null);
  assert.equal(checkInCodeOf('ثبت نام'), null);
});

test("the confirmation QR code's link, as a camera reads it or a hand scanner types it", () => {
  assert.equal(checkInCodeOf('https://welcome.example.de/staff/check-in/K7M2QX4P'), 'K7M2QX4P');
  assert.equal(checkInCodeOf('http://localhost:3000/staff/check-in/k7m2qx4p/'), 'K7M2QX4P');
  assert.equal(checkInCodeOf('https://welcome.example.de/staff/check-in/K7M2QX4P?utm_source=mail#top'), 'K7M2QX4P');
  assert.equal(
    checkInCodeOf('welcome.example.de/staff/check-in/K7M2QX4P\n'),
    'K7M2QX4P',
    'a scanner that drops the scheme and sends Enter',
  );
});

test('other links and QR codes hold no check-in code, even when a segment has eight characters', () => {
  assert.equal(checkInCodeOf('https://example.org/K7M2QX4P'), null);
  assert.equal(checkInCodeOf('https://welcome.example.de/de/queue/AbCdEfGh'), null, "a ticket's phone link");
  assert.equal(checkInCodeOf('https://welcome.example.de/de/appointments/manage/K7M2QX4P'), null);
  assert.equal(checkInCodeOf('https://welcome.example.de/staff/check-in/K7M2QX4P/extra'), null);
  assert.equal(checkInCodeOf('https://welcome.example.de/staff/check-in/'), null);
  assert.equal(checkInCodeOf('K7M2/QX4P'), null);
});

test('every code comes back from its confirmation link, under any base address, and typed in any case', () => {
  fc.assert(
    fc.property(code, fc.webUrl(), (c, base) => {
      assert.equal(checkInCodeOf(linkOf(base, c)), c);
      assert.equal(checkInCodeOf(`${linkOf(base, c)}?t=1`), c);
      assert.equal(checkInCodeOf(c.toLowerCase()), c);
      assert.equal(checkInCodeOf(`${c.slice(0, 4)}-${c.slice(4)}`), c);
    }),
  );
});

test('whatever is typed or scanned, the result is a well-formed code or null, and never throws', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
      ),
      (input) => {
        const result = checkInCodeOf(input);
        assert.ok(result === null || /^[0-9A-Z]{8}$/.test(result), `${JSON.stringify(input)} → ${result}`);
      },
    ),
  );
});
