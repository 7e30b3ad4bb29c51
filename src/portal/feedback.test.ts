import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateFeedback } from './feedback.js';

const ok = { message: 'The search button has no visible focus.', email: '', page: '' };

test('a message is enough; e-mail and page are optional', () => {
  assert.deepEqual(validateFeedback(ok), []);
  assert.deepEqual(validateFeedback({ ...ok, email: 'amira@example.org', page: '/ar/services' }), []);
});

test('each bad field gets its own error', () => {
  assert.deepEqual(
    validateFeedback({ message: '   ', email: 'not-an-address', page: 'x'.repeat(501) }).map((e) => e.field),
    ['message', 'email', 'page'],
  );
  assert.deepEqual(
    validateFeedback({ ...ok, message: 'x'.repeat(5001) }).map((e) => e.message),
    ['feedback.error.messageTooLong'],
  );
  assert.deepEqual(
    validateFeedback({ ...ok, email: 'a@b' }).map((e) => e.field),
    ['email'],
  );
  assert.deepEqual(
    validateFeedback({ ...ok, email: `${'a'.repeat(250)}@example.org` }).map((e) => e.field),
    ['email'],
  );
});
