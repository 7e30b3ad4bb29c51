import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { emailKey, identityKey, normaliseName } from './codes.js';

test('one mailbox however written: case and +tags fold together', () => {
  assert.equal(emailKey(' Olena+termin2@Example.org '), 'olena@example.org');
  assert.equal(emailKey('a+b+c@x.de'), 'a@x.de');
  assert.notEqual(emailKey('olena@example.org'), emailKey('olena1@example.org'));
});

test('the identity key ignores case, accents, spacing and hyphens, and nothing else', () => {
  const secret = Buffer.alloc(32, 7);
  const key = (firstName: string, lastName: string, birthDate = '1990-03-31') =>
    identityKey(secret, { firstName, lastName, birthDate }).toString('hex');
  assert.equal(key('Zoë', 'Müller-Lüdenscheidt'), key('ZOE', 'mueller luedenscheidt'));
  assert.equal(key('Jörg', 'Weiß'), key('JOERG', 'WEISS'));
  assert.notEqual(key('Zoe', 'Muller'), key('Zoe', 'Muller', '1990-03-30'));
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 20 }), (name) => {
      assert.equal(normaliseName(normaliseName(name)), normaliseName(name), 'normalising twice changes nothing');
    }),
  );
});
