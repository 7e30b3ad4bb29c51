import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { addressHash, addressOf, codeHash, newStatusCode, sameHash, typedCode } from './status-code.js';

const key = randomBytes(32);
const code = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

test('new codes are six digits and read back as typed', () => {
  for (let i = 0; i < 200; i += 1) {
    const made = newStatusCode();
    assert.match(made, /^[0-9]{6}$/);
    assert.equal(typedCode(made), made);
  }
});

test('a code typed in Arabic or Persian digits, with spaces or a hyphen, is the same code', () => {
  fc.assert(
    fc.property(code, fc.constantFrom(0x0660, 0x06f0), (digits, zero) => {
      const eastern = [...digits].map((d) => String.fromCharCode(zero + Number(d))).join('');
      assert.equal(typedCode(eastern), digits);
      assert.equal(typedCode(` ${digits.slice(0, 3)} ${digits.slice(3)} `), digits);
      assert.equal(typedCode(`${digits.slice(0, 3)}-${digits.slice(3)}`), digits);
    }),
  );
  for (const bad of ['', '12345', '1234567', 'abcdef', '12345a', '１２３４５６'])
    assert.equal(typedCode(bad), null, bad);
});

test('addresses are one however their case is written; hashes bind the code to its address', () => {
  fc.assert(
    fc.property(fc.emailAddress(), code, code, (email, a, b) => {
      const address = addressOf(` ${email.toUpperCase()} `);
      assert.equal(address, addressOf(email));
      assert.equal(addressOf(address), address);
      assert.ok(sameHash(addressHash(key, address), addressHash(key, addressOf(email))));
      assert.equal(sameHash(codeHash(key, address, a), codeHash(key, address, b)), a === b);
      assert.ok(!sameHash(codeHash(key, address, a), codeHash(key, `x${address}`, a)), 'another address, another hash');
      assert.ok(
        !sameHash(codeHash(key, address, a), codeHash(randomBytes(32), address, a)),
        'another key, another hash',
      );
    }),
  );
});
