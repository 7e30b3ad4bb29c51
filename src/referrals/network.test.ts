import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { median } from './network.js';

test('the median of the hours to a first answer: the middle value, or the mean of the two middle ones', () => {
  assert.equal(median([]), null);
  assert.equal(median([5]), 5);
  assert.equal(median([9, 1, 5]), 5);
  assert.equal(median([1, 2, 3, 10]), 2.5);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }), (values) => {
      const m = median(values)!;
      assert.ok(values.filter((v) => v <= m).length * 2 >= values.length);
      assert.ok(values.filter((v) => v >= m).length * 2 >= values.length);
    }),
  );
});
