import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import {
  newReceiptKeys,
  normaliseShortCode,
  receiptKeyId,
  shortCode,
  signReceipt,
  verifyReceipt,
  type ReceiptFacts,
} from './receipt-signature.js';

const FACTS: ReceiptFacts = {
  reference: 'A-7K3M-9QXD',
  receivedAt: '2026-03-02T08:30:00Z',
  serviceSlug: 'aufenthaltserlaubnis-verlaengern',
  applicantInitials: 'O. K.',
  birthYear: 1991,
  continuedValidity: true,
  authoritySlug: 'musterstadt',
};

const KEYS = newReceiptKeys();
const OTHER = newReceiptKeys();
const KNOWN: ReadonlyMap<string, string> = new Map([[KEYS.keyId, KEYS.publicKeyPem]]);

function sign(facts: ReceiptFacts = FACTS): string {
  return signReceipt(facts, KEYS.privateKeyPem, KEYS.keyId);
}

/** Re-encodes the payload of a token with other JSON, keeping version, key id and signature. */
function withPayload(token: string, json: string): string {
  const [version, keyId, , signature] = token.split('.');
  return [version, keyId, Buffer.from(json, 'utf8').toString('base64url'), signature].join('.');
}

function payloadOf(token: string): string {
  return Buffer.from(token.split('.')[2] ?? '', 'base64url').toString('utf8');
}

// ———————————————————————————————————————————— keys ————————————————————————————————————————————

test('the key id is the first 16 hex digits of the SHA-256 of the raw public key', () => {
  const raw = createPublicKey(KEYS.publicKeyPem).export({ format: 'der', type: 'spki' }).subarray(-32);
  assert.equal(KEYS.keyId, createHash('sha256').update(raw).digest('hex').slice(0, 16));
  assert.equal(receiptKeyId(KEYS.publicKeyPem), KEYS.keyId);
  assert.match(KEYS.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
  assert.match(KEYS.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  assert.notEqual(KEYS.keyId, OTHER.keyId);
});

// ——————————————————————————————————————————— tokens ———————————————————————————————————————————

test('a signed receipt verifies and gives back its facts and key id', () => {
  const token = sign();
  assert.match(token, new RegExp(`^r1\\.${KEYS.keyId}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}$`));
  assert.deepEqual(verifyReceipt(token, KNOWN), { ok: true, facts: FACTS, keyId: KEYS.keyId });
  const notContinued = {
    ...FACTS,
    continuedValidity: false,
    applicantInitials: 'Ş. Y.',
    receivedAt: '2026-03-02T08:30:00.250Z',
  };
  assert.deepEqual(verifyReceipt(sign(notContinued), KNOWN), { ok: true, facts: notContinued, keyId: KEYS.keyId });
});

test('the payload is canonical JSON: fixed key order, no whitespace, whatever order the facts came in', () => {
  const shuffled: ReceiptFacts = {
    authoritySlug: FACTS.authoritySlug,
    birthYear: FACTS.birthYear,
    continuedValidity: FACTS.continuedValidity,
    applicantInitials: FACTS.applicantInitials,
    serviceSlug: FACTS.serviceSlug,
    receivedAt: FACTS.receivedAt,
    reference: FACTS.reference,
  };
  assert.equal(
    payloadOf(sign(shuffled)),
    '{"reference":"A-7K3M-9QXD","receivedAt":"2026-03-02T08:30:00Z","serviceSlug":"aufenthaltserlaubnis-verlaengern",' +
      '"applicantInitials":"O. K.","birthYear":1991,"continuedValidity":true,"authoritySlug":"musterstadt"}',
  );
  assert.equal(sign(shuffled), sign(), 'Ed25519 is deterministic: the same facts give the same token');
});

test('changed facts do not verify: any field, even with the original signature', () => {
  const token = sign();
  const changes: Partial<ReceiptFacts>[] = [
    { receivedAt: '2026-03-01T08:30:00Z' },
    { continuedValidity: false },
    { birthYear: 1990 },
    { applicantInitials: 'A. K.' },
    { reference: 'A-7K3M-9QXE' },
    { serviceSlug: 'niederlassungserlaubnis' },
    { authoritySlug: 'andere-stadt' },
  ];
  for (const change of changes) {
    const forged = withPayload(token, JSON.stringify({ ...FACTS, ...change }));
    assert.deepEqual(verifyReceipt(forged, KNOWN), { ok: false, reason: 'badSignature' }, JSON.stringify(change));
  }
});

test('the same facts in another spelling of JSON do not verify either', () => {
  const token = sign();
  const pretty = withPayload(token, JSON.stringify(FACTS, null, 1));
  assert.equal(verifyReceipt(pretty, KNOWN).ok, false);
  const extra = withPayload(token, JSON.stringify({ ...FACTS, name: 'Olena Kovalenko' }));
  assert.equal(verifyReceipt(extra, KNOWN).ok, false);
});

test('a changed signature does not verify', () => {
  const token = sign();
  const signature = Buffer.from(token.split('.')[3] ?? '', 'base64url');
  for (const at of [0, 31, 63]) {
    const changed = Buffer.from(signature);
    changed[at] = (changed[at] ?? 0) ^ 0x01;
    const forged = token.replace(/[^.]+$/, changed.toString('base64url'));
    assert.deepEqual(verifyReceipt(forged, KNOWN), { ok: false, reason: 'badSignature' }, `byte ${at}`);
  }
});

test('a receipt signed with another key does not verify, whichever key id it claims', () => {
  const own = signReceipt(FACTS, OTHER.privateKeyPem, OTHER.keyId);
  assert.deepEqual(verifyReceipt(own, KNOWN), { ok: false, reason: 'unknownKey' });
  // The other key's signature under our key id (the key id is signed too, so no relabelling).
  const claimed = own.replace(OTHER.keyId, KEYS.keyId);
  assert.deepEqual(verifyReceipt(claimed, KNOWN), { ok: false, reason: 'badSignature' });
  // Our signature relabelled with the other key's id: known to the verifier, yet refused.
  const both = new Map([...KNOWN, [OTHER.keyId, OTHER.publicKeyPem]]);
  assert.deepEqual(verifyReceipt(sign().replace(KEYS.keyId, OTHER.keyId), both), { ok: false, reason: 'badSignature' });
});

test('keys rotate by key id: receipts of the old key verify as long as its public key is listed', () => {
  const old = sign();
  const fresh = signReceipt(FACTS, OTHER.privateKeyPem, OTHER.keyId);
  const both = new Map([
    [KEYS.keyId, KEYS.publicKeyPem],
    [OTHER.keyId, OTHER.publicKeyPem],
  ]);
  assert.deepEqual(verifyReceipt(old, both), { ok: true, facts: FACTS, keyId: KEYS.keyId });
  assert.deepEqual(verifyReceipt(fresh, both), { ok: true, facts: FACTS, keyId: OTHER.keyId });
  const retired = new Map([[OTHER.keyId, OTHER.publicKeyPem]]);
  assert.deepEqual(verifyReceipt(old, retired), { ok: false, reason: 'unknownKey' });
  assert.deepEqual(verifyReceipt(old, new Map()), { ok: false, reason: 'unknownKey' });
});

test('malformed tokens are refused as malformed', () => {
  const token = sign();
  const [, keyId, payload, signature] = token.split('.');
  const cases = [
    '',
    'r1',
    'r1...',
    `${token}.`,
    `.${token}`,
    token.replace(/^r1/, 'r2'),
    token.replace(/^r1/, 'R1'),
    `r1.${keyId?.toUpperCase()}.${payload}.${signature}`,
    `r1.${keyId?.slice(1)}.${payload}.${signature}`,
    `r1.${keyId}.${payload}.${signature?.slice(1)}`,
    `r1.${keyId}.${payload}==.${signature}`,
    `r1.${keyId}.${payload}.${signature}==`,
    `r1.${keyId}.${payload}.${signature?.replace(/^./, '+')}`,
    `r1.${keyId}..${signature}`,
    `r1.${keyId}.${payload}.`,
    `r1.${keyId}.${payload} .${signature}`,
    `${token}\n`,
    ` ${token}`,
    `r1.${keyId}.${payload}.${signature}${'A'.repeat(3000)}`,
  ];
  for (const text of cases)
    assert.deepEqual(verifyReceipt(text, KNOWN), { ok: false, reason: 'malformed' }, JSON.stringify(text));
});

test('facts that were never valid cannot be signed', () => {
  const invalid: Partial<Record<keyof ReceiptFacts, unknown>>[] = [
    { receivedAt: '2026-03-02 08:30:00' },
    { receivedAt: '2026-03-02T08:30:00+01:00' },
    { receivedAt: '2026-02-30T08:30:00Z' },
    { birthYear: 1991.5 },
    { birthYear: 85 },
    { reference: '' },
    { applicantInitials: 'O.\nK.' },
    { serviceSlug: 'Aufenthalt verlängern' },
    { authoritySlug: '' },
    { continuedValidity: 'yes' },
    { reference: ' A-1' },
  ];
  for (const change of invalid) {
    assert.throws(() => sign({ ...FACTS, ...change } as ReceiptFacts), RangeError, JSON.stringify(change));
  }
  assert.throws(() => signReceipt(FACTS, KEYS.privateKeyPem, OTHER.keyId), /key id/);
});

test('property: verifyReceipt never throws, and refuses anything but the token as signed', () => {
  const token = sign();
  const both = new Map([
    [KEYS.keyId, KEYS.publicKeyPem],
    [OTHER.keyId, OTHER.publicKeyPem],
  ]);
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      assert.equal(verifyReceipt(text, both).ok, false);
    }),
    { numRuns: 500 },
  );
  // Tokens that look almost right: one character replaced, inserted or removed anywhere.
  const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ é\u0000');
  fc.assert(
    fc.property(fc.nat(token.length - 1), alphabet, fc.constantFrom('replace', 'insert', 'remove'), (at, char, how) => {
      const changed =
        how === 'remove'
          ? token.slice(0, at) + token.slice(at + 1)
          : token.slice(0, at) + char + token.slice(how === 'replace' ? at + 1 : at);
      fc.pre(changed !== token);
      assert.equal(verifyReceipt(changed, both).ok, false, changed);
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constant('r1'), fc.constant(KEYS.keyId), fc.base64String(), fc.string()), { maxLength: 6 }),
      (parts) => {
        assert.equal(verifyReceipt(parts.join('.'), both).ok, false);
      },
    ),
  );
});

// ———————————————————————————————————————— short codes ————————————————————————————————————————

const CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

test('the short code is ten Crockford base32 characters from the token, stable and grouped', () => {
  const token = sign();
  const code = shortCode(token);
  assert.match(code, CODE);
  assert.equal(shortCode(token), code, 'the same token gives the same code');
  assert.notEqual(shortCode(signReceipt(FACTS, OTHER.privateKeyPem, OTHER.keyId)), code);
  // Pinned: a change of the derivation would orphan every stored receipt.
  assert.equal(shortCode(''), 'WERC8-GMRZG');
  assert.equal(shortCode('r1.0000000000000000.e30.AAAA'), 'T94GX-YFZ4A');
});

/** The top 50 bits of the SHA-256, five at a time, as a reference implementation with BigInt. */
function shortCodeByHand(token: string): string {
  const top = BigInt(`0x${createHash('sha256').update(token).digest('hex').slice(0, 14)}`) >> 6n;
  const digits = Array.from(
    { length: 10 },
    (_, i) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number((top >> BigInt(45 - 5 * i)) & 31n)],
  );
  return `${digits.slice(0, 5).join('')}-${digits.slice(5).join('')}`;
}

test('property: short codes match the reference implementation for any token', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (token) => {
      assert.equal(shortCode(token), shortCodeByHand(token));
    }),
  );
});

test('typed short codes are normalised: case, spaces, missing dash, O for 0, I and L for 1', () => {
  assert.equal(normaliseShortCode('0A1B2-C3D4E'), '0A1B2-C3D4E');
  assert.equal(normaliseShortCode('oa1b2c3d4e'), '0A1B2-C3D4E');
  assert.equal(normaliseShortCode(' 0a lb2 – c3d 4e '), '0A1B2-C3D4E');
  assert.equal(normaliseShortCode('OAIB2-C3D4E'), '0A1B2-C3D4E');
  assert.equal(normaliseShortCode('0a1b2-c3d4e\n'), '0A1B2-C3D4E');
  for (const wrong of [
    '',
    '0A1B2-C3D4',
    '0A1B2-C3D4E5',
    '0A1B2-C3D4U',
    '0A1B2_C3D4E',
    '0A1B2-C3D4!',
    '٠A1B2-C3D4E',
    'x'.repeat(100),
  ]) {
    assert.equal(normaliseShortCode(wrong), null, wrong);
  }
});

test('property: every short code survives the typos people make, and only those', () => {
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const typed = (char: string) => {
    const options = [char, char.toLowerCase()];
    if (char === '0') options.push('O', 'o');
    if (char === '1') options.push('I', 'i', 'L', 'l');
    return fc.tuple(fc.constantFrom(...options), fc.constantFrom('', '', '', ' '));
  };
  fc.assert(
    fc.property(
      fc
        .array(fc.constantFrom(...crockford), { minLength: 10, maxLength: 10 })
        .chain((chars) => fc.tuple(fc.constant(chars.join('')), fc.tuple(...chars.map(typed)), fc.boolean())),
      ([code, pieces, dash]) => {
        const expected = `${code.slice(0, 5)}-${code.slice(5)}`;
        const input = pieces.map(([char, space], i) => (i === 5 && dash ? '-' : '') + char + space).join('');
        assert.equal(normaliseShortCode(input), expected, input);
        assert.equal(normaliseShortCode(expected), expected);
      },
    ),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (text) => {
      const result = normaliseShortCode(text);
      if (result !== null) assert.match(result, CODE);
    }),
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (token) => {
      const code = shortCode(token);
      assert.equal(normaliseShortCode(code), code);
      assert.equal(normaliseShortCode(code.replace('-', '').toLowerCase()), code);
    }),
  );
});
