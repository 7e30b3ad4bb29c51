import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { documentVault } from './document-vault.js';

const KEY = randomBytes(32).toString('base64');
const OTHER_KEY = randomBytes(32).toString('base64');
const vault = documentVault(KEY);
const DOC_ID = '3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f809a1b';
const PASSPORT = Buffer.from('%PDF-1.7 Reisepass von Ayşe Yılmaz, Nr. C01X00T47\n%%EOF', 'utf8');

const CANNOT_OPEN = /could not be opened: wrong key, wrong associated data, or altered content/;

test('a sealed document opens to the same bytes with the same key and associated data', () => {
  assert.deepEqual(vault.open(vault.seal(PASSPORT, DOC_ID), DOC_ID), PASSPORT);
});

test('round trip for any bytes and any non-empty associated data, through a fresh vault from the same key', () => {
  const again = documentVault(KEY);
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 8192 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
      (plain, associatedData) => {
        const sealed = vault.seal(plain, associatedData);
        assert.deepEqual(again.open(sealed, associatedData), Buffer.from(plain));
      },
    ),
    { numRuns: 300 },
  );
});

test('the format is version 1, a 12-byte IV, a 16-byte tag, then the ciphertext of the same length as the plaintext', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  assert.equal(sealed[0], 1);
  assert.equal(sealed.length, 1 + 12 + 16 + PASSPORT.length);
  assert.equal(sealed.subarray(29).includes(Buffer.from('Reisepass')), false);
});

test('the format is plain AES-256-GCM: a document sealed outside the vault by the documented layout opens', () => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(KEY, 'base64'), iv);
  cipher.setAAD(Buffer.from(DOC_ID, 'utf8'));
  const body = Buffer.concat([cipher.update(PASSPORT), cipher.final()]);
  const sealed = Buffer.concat([Buffer.of(1), iv, cipher.getAuthTag(), body]);
  assert.deepEqual(vault.open(sealed, DOC_ID), PASSPORT);
});

test('every seal uses a fresh IV, so the same document twice gives different bytes', () => {
  const ivs = new Set(Array.from({ length: 200 }, () => vault.seal(PASSPORT, DOC_ID).subarray(1, 13).toString('hex')));
  assert.equal(ivs.size, 200);
});

test('an empty document can be sealed and opened (header only)', () => {
  const sealed = vault.seal(new Uint8Array(), DOC_ID);
  assert.equal(sealed.length, 29);
  assert.equal(vault.open(sealed, DOC_ID).length, 0);
});

test('a plain Uint8Array (as read from a bytea column or a subarray) opens as well', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  const padded = new Uint8Array(sealed.length + 10);
  padded.set(sealed, 5);
  assert.deepEqual(vault.open(padded.subarray(5, 5 + sealed.length), DOC_ID), PASSPORT);
});

test('a document does not open with another key', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  assert.throws(() => documentVault(OTHER_KEY).open(sealed, DOC_ID), CANNOT_OPEN);
});

test('a document moved to another row (other associated data) does not open', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  assert.throws(() => vault.open(sealed, '3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f809a1c'), CANNOT_OPEN);
  assert.throws(() => vault.open(sealed, `${DOC_ID} `), CANNOT_OPEN);
});

test('changing any single bit of a sealed document makes it fail to open', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  fc.assert(
    fc.property(fc.nat(sealed.length - 1), fc.integer({ min: 0, max: 7 }), (at, bit) => {
      const tampered = Buffer.from(sealed);
      tampered[at]! ^= 1 << bit;
      assert.throws(() => vault.open(tampered, DOC_ID), at === 0 ? /unknown format version/ : CANNOT_OPEN);
    }),
    { numRuns: 500 },
  );
});

test('a sealed document with bytes cut off or added does not open', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  assert.throws(() => vault.open(sealed.subarray(0, sealed.length - 1), DOC_ID), CANNOT_OPEN);
  assert.throws(() => vault.open(Buffer.concat([sealed, Buffer.of(0)]), DOC_ID), CANNOT_OPEN);
});

test('another format version is refused by name', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  for (const version of [0, 2, 255]) {
    const other = Buffer.from(sealed);
    other[0] = version;
    assert.throws(() => vault.open(other, DOC_ID), new RegExp(`unknown format version ${version}$`));
  }
});

test('anything shorter than the header is refused as too short', () => {
  for (const length of [0, 1, 13, 28]) {
    const short = Buffer.alloc(length, 1);
    assert.throws(() => vault.open(short, DOC_ID), /sealed document is too short/);
  }
});

test('empty associated data is refused when sealing and when opening', () => {
  assert.throws(() => vault.seal(PASSPORT, ''), /associated data/);
  assert.throws(() => vault.open(vault.seal(PASSPORT, DOC_ID), ''), /associated data/);
});

test('a key that is not 32 bytes in base64 is refused when the vault is made', () => {
  for (const key of [
    '',
    'c2hvcnQ=',
    randomBytes(16).toString('base64'),
    randomBytes(64).toString('base64'),
    'not base64 at all!',
  ]) {
    assert.throws(() => documentVault(key), /the document key must be 32 bytes, base64-encoded/);
  }
  assert.doesNotThrow(() => documentVault(randomBytes(32).toString('base64')));
});

test('the error messages never contain the key or the plaintext', () => {
  const sealed = vault.seal(PASSPORT, DOC_ID);
  sealed[40]! ^= 1;
  try {
    vault.open(sealed, DOC_ID);
    assert.fail('should not open');
  } catch (error) {
    const message = String((error as Error).message);
    assert.ok(!message.includes(KEY) && !message.includes('Reisepass'));
  }
});
