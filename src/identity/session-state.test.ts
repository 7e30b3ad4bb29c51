import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionState } from './session-state.js';

test('a session ends after its idle time and at its absolute end, whichever comes first', () => {
  const start = new Date('2026-11-23T08:00:00Z');
  const session = { lastSeenAt: start, expiresAt: new Date('2026-11-23T18:00:00Z') };
  assert.equal(sessionState(session, new Date('2026-11-23T08:29:59Z'), 30), 'valid');
  assert.equal(sessionState(session, new Date('2026-11-23T08:30:00Z'), 30), 'idle');
  assert.equal(
    sessionState({ ...session, lastSeenAt: new Date('2026-11-23T17:59:00Z') }, new Date('2026-11-23T18:00:00Z'), 30),
    'expired',
  );
});
