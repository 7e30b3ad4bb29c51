import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  canStep,
  isOpen,
  statusAfter,
  stepsFrom,
  TICKET_STATUSES,
  TICKET_STEPS,
  ticketNumber,
} from './ticket-steps.js';

test('a called person can be recalled, started, parked, transferred, served or marked as not come', () => {
  assert.deepEqual(stepsFrom('called'), ['recall', 'start', 'park', 'transfer', 'served', 'no_show']);
  assert.deepEqual(stepsFrom('serving'), ['park', 'transfer', 'served']);
  assert.deepEqual(stepsFrom('parked'), ['resume', 'transfer', 'no_show']);
  assert.deepEqual(stepsFrom('waiting'), []);
});

test('an ended ticket takes no step, and every step leads somewhere defined', () => {
  for (const status of ['served', 'no_show', 'cancelled'] as const) assert.deepEqual(stepsFrom(status), []);
  fc.assert(
    fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_STEPS), (status, step) => {
      if (!isOpen(status)) assert.equal(canStep(status, step), false);
      assert.ok(TICKET_STATUSES.includes(statusAfter(step)));
    }),
  );
});

test('ticket numbers say the kind and keep three digits', () => {
  assert.equal(ticketNumber('walk_in', 7), 'W007');
  assert.equal(ticketNumber('appointment', 42), 'T042');
  assert.equal(ticketNumber('emergency', 1234), 'N1234');
});
