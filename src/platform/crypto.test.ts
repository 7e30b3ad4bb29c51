import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { randomToken, sealer, tokenHash } from './crypto.js';

test('sealed secrets open with the same key only, and tampering is detected', () => {
  const key = randomBytes(32).toString('base64');
  const box = sealer(key);
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (plain) => {
      const sealed = box.seal(plain);
      assert.equal(box.open(sealed), plain);
      assert.ok(!sealed.includes(plain) || plain.length < 4);
    }),
  );
  const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DP');
  assert.throws(() => sealer(randomBytes(32).toString('base64')).open(sealed));
  const parts = sealed.split('.');
  parts[3] = parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  assert.throws(() => box.open(parts.join('.')));
});

test('tokens are long, random and stored only as a hash', () => {
  const a = randomToken();
  assert.ok(a.length >= 43 && a !== randomToken());
  assert.equal(tokenHash(a).length, 32);
  assert.deepEqual(tokenHash(a), tokenHash(a));
});
