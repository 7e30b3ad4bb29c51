import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { redirectTarget } from './redirect-target.js';

const PREFIX = '/staff/queue?';
const FALLBACK = '/staff/queue?';

test('a path of ours under the prefix is kept; non-ASCII is percent-encoded', () => {
  assert.equal(redirectTarget('/staff/queue?location=mitte', PREFIX, FALLBACK), '/staff/queue?location=mitte');
  assert.equal(redirectTarget('/staff/queue?q=Straße', PREFIX, FALLBACK), '/staff/queue?q=Stra%C3%9Fe');
});

test('CR/LF, other sites, backslashes and other prefixes give the fallback', () => {
  for (const hostile of [
    '/staff/queue?\r\nSet-Cookie: a=b',
    '/staff/queue?x\nLocation: https://evil.example',
    '//evil.example/staff/queue?',
    'https://evil.example/staff/queue?',
    '/staff/queue?\\evil',
    '/staff/admin?',
    '',
    undefined,
    null,
  ]) {
    assert.equal(redirectTarget(hostile, PREFIX, FALLBACK), FALLBACK, JSON.stringify(hostile));
  }
});

test('whatever comes in, what goes out is a header-safe path under the prefix', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (tail) => {
      const out = redirectTarget(`${PREFIX}${tail}`, PREFIX, FALLBACK);
      assert.ok(out.startsWith(PREFIX));
      assert.match(out, /^[\x21-\x7e]+$/);
    }),
  );
});
