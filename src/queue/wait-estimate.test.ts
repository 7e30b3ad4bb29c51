import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { estimateWaitMinutes, medianOf } from './wait-estimate.js';

const base = { ahead: 4, recentServiceMinutes: [10, 12, 8], fallbackMinutes: 15, counters: 2 };

test('median case length times the people ahead, shared among the counters, rounded up', () => {
  assert.equal(estimateWaitMinutes(base), 20);
  assert.equal(estimateWaitMinutes({ ...base, ahead: 3 }), 15);
  assert.equal(estimateWaitMinutes({ ...base, ahead: 1, counters: 3 }), 4); // 10 / 3 = 3.33…
  assert.equal(estimateWaitMinutes({ ...base, ahead: 0 }), 0);
  assert.equal(estimateWaitMinutes({ ...base, recentServiceMinutes: [10, 12, 8, 14] }), 22); // median 11
});

test('one long case does not move the estimate', () => {
  assert.equal(estimateWaitMinutes({ ...base, recentServiceMinutes: [10, 12, 8, 10, 120] }), 20);
});

test('fewer than three usable recent cases fall back; unusable values are ignored', () => {
  assert.equal(estimateWaitMinutes({ ...base, recentServiceMinutes: [] }), 30);
  assert.equal(estimateWaitMinutes({ ...base, recentServiceMinutes: [10, 12, 0, -3, NaN, Infinity] }), 30);
  assert.equal(estimateWaitMinutes({ ...base, recentServiceMinutes: [10, 12, 0, 8, NaN] }), 20);
  assert.equal(medianOf([NaN, 0]), null);
});

test('no open counter counts as one, and floating-point noise does not add a minute', () => {
  assert.equal(estimateWaitMinutes({ ...base, counters: 0 }), 40);
  assert.equal(estimateWaitMinutes({ ...base, counters: NaN }), 40);
  assert.equal(estimateWaitMinutes({ ...base, ahead: 10, recentServiceMinutes: [1.1, 1.1, 1.1], counters: 1 }), 11);
});

test('a nonsense ahead or fallback is a bug, not a wait', () => {
  assert.throws(() => estimateWaitMinutes({ ...base, ahead: -1 }), RangeError);
  assert.throws(() => estimateWaitMinutes({ ...base, ahead: 1.5 }), RangeError);
  assert.throws(() => estimateWaitMinutes({ ...base, fallbackMinutes: 0 }), RangeError);
});

const inputArb = fc.record({
  ahead: fc.integer({ min: 0, max: 200 }),
  recentServiceMinutes: fc.array(
    fc.oneof(fc.double({ min: -5, max: 240, noNaN: false }), fc.integer({ min: 1, max: 90 })),
    { maxLength: 12 },
  ),
  fallbackMinutes: fc.double({ min: 0.5, max: 60, noNaN: true }),
  counters: fc.integer({ min: -1, max: 12 }),
});

test('the estimate is a non-negative whole number, and 0 exactly when nobody is ahead', () => {
  fc.assert(
    fc.property(inputArb, (input) => {
      const minutes = estimateWaitMinutes(input);
      assert.ok(Number.isSafeInteger(minutes) && minutes >= 0);
      assert.equal(minutes === 0, input.ahead === 0);
    }),
    { numRuns: 500 },
  );
});

test('more people ahead never shortens the wait; more counters never lengthen it', () => {
  fc.assert(
    fc.property(inputArb, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5 }), (input, more, extra) => {
      assert.ok(estimateWaitMinutes({ ...input, ahead: input.ahead + more }) >= estimateWaitMinutes(input));
      assert.ok(estimateWaitMinutes({ ...input, counters: input.counters + extra }) <= estimateWaitMinutes(input));
    }),
    { numRuns: 500 },
  );
});
