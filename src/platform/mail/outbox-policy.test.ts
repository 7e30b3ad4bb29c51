import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MailError } from './mailer.js';
import { afterFailure, backoffMs, errorText, isPermanent, MAX_ATTEMPTS } from './outbox-policy.js';

test('back-off: 1, 5, 15, 60 minutes, 3 hours, then every 6 hours', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 9].map((n) => backoffMs(n) / 60_000),
    [1, 5, 15, 60, 180, 360, 360, 360],
  );
});

test('back-off never shrinks and is capped at 6 hours', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
      assert.ok(backoffMs(n + 1) >= backoffMs(n));
      assert.ok(backoffMs(n) >= 60_000 && backoffMs(n) <= 6 * 3_600_000);
    }),
  );
});

test('a 5xx to the envelope or message is permanent; 4xx, connection errors and a refused login are not', () => {
  assert.equal(isPermanent(new MailError('550 no such user', 'EENVELOPE', 550)), true);
  assert.equal(isPermanent(new MailError('554 refused', 'EMESSAGE', 554)), true);
  assert.equal(isPermanent(new MailError('451 later', 'EENVELOPE', 451)), false);
  assert.equal(isPermanent(new MailError('535 bad login', 'EAUTH', 535)), false);
  assert.equal(isPermanent(new MailError('connect ECONNREFUSED', 'ECONNECTION')), false);
  assert.equal(isPermanent(new Error('disk full')), false);
});

test('after a failure: retry with back-off until the attempts are used up; a permanent error fails at once', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 400, max: 599 }), (attempts, code) => {
      const next = afterFailure(attempts, new MailError('x', 'EENVELOPE', code));
      const fails = code >= 500 || attempts >= MAX_ATTEMPTS;
      assert.equal(next.fail, fails);
      if (!next.fail) assert.equal(next.retryInMs, backoffMs(attempts));
    }),
  );
});

test('the kept error is one bounded line', () => {
  const text = errorText(new MailError(`could not send\r\nline two ${'x'.repeat(1000)}`));
  assert.ok(!/[\r\n]/.test(text));
  assert.ok(text.length <= 500);
  assert.match(text, /^MailError: could not send line two/);
});
