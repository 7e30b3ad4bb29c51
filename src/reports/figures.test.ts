import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addMonthsDay } from './aggregate-figures.js';
import { ageBucket, type Bin, mergeBins, noShowRate, percentile, processingTime, rate } from './figures.js';
import { parseFilter } from './report-filter.js';

const bins = (values: number[]): Bin[] => mergeBins(values.map((value) => ({ value, count: 1 })));

test('percentiles by nearest rank, computed by hand', () => {
  const days = [1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 7, 7, 8, 9, 9, 10, 10, 12, 15, 30];
  assert.equal(percentile(bins(days), 0.5), 6); // rank 10
  assert.equal(percentile(bins(days), 0.8), 10); // rank 16
  assert.equal(percentile(bins(days), 0.9), 12); // rank 18
  assert.equal(percentile(bins(days), 1), 30);
  const waits = [1, 3, 5, 8, 10, 12, 15, 20, 25, 40];
  assert.equal(percentile(bins(waits), 0.5), 10); // rank 5
  assert.equal(percentile(bins(waits), 0.9), 25); // rank 9
  assert.equal(percentile(bins([7]), 0.5), 7);
  assert.equal(percentile([], 0.5), null);
  // Counts, not rows: 3 × 2 days and 1 × 10 days.
  assert.equal(
    percentile(
      [
        { value: 10, count: 1 },
        { value: 2, count: 3 },
      ],
      0.8,
    ),
    10,
  );
});

test('a percentile is an observed value, the same as from the sorted list, and grows with p', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 200 }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      (values, p, q) => {
        const sorted = [...values].sort((a, b) => a - b);
        const expected = sorted[Math.max(1, Math.ceil(p * values.length - 1e-9)) - 1];
        assert.equal(percentile(bins(values), p), expected);
        const [low, high] = p <= q ? [p, q] : [q, p];
        assert.ok(percentile(bins(values), low)! <= percentile(bins(values), high)!);
      },
    ),
  );
});

test('splitting the days of a period and merging them again changes no percentile', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 100 }),
      fc.nat(),
      (values, cut) => {
        const at = cut % values.length;
        const split = [...bins(values.slice(0, at)), ...bins(values.slice(at))];
        assert.equal(percentile(split, 0.5), percentile(bins(values), 0.5));
        assert.equal(percentile(mergeBins(split), 0.8), percentile(bins(values), 0.8));
      },
    ),
  );
});

test('age buckets: 0–30, 31–90, 91–180, over 180 days', () => {
  assert.deepEqual([0, 30, 31, 90, 91, 180, 181, 5000].map(ageBucket), [
    '0-30',
    '0-30',
    '31-90',
    '31-90',
    '91-180',
    '91-180',
    '181+',
    '181+',
  ]);
  fc.assert(
    fc.property(fc.nat(2000), fc.nat(2000), (a, b) => {
      const order = ['0-30', '31-90', '91-180', '181+'];
      if (a <= b) assert.ok(order.indexOf(ageBucket(a)) <= order.indexOf(ageBucket(b)));
    }),
  );
});

test('rates: no-show among served and missed; nothing to divide by gives no rate', () => {
  assert.equal(noShowRate(5, 2), 2 / 7);
  assert.equal(noShowRate(0, 0), null);
  assert.equal(rate(1, 9), 1 / 9);
  fc.assert(
    fc.property(fc.nat(1000), fc.nat(1000), (served, missed) => {
      const r = noShowRate(served, missed);
      if (served + missed === 0) assert.equal(r, null);
      else assert.ok(r !== null && r >= 0 && r <= 1);
    }),
  );
});

test('public processing time: "not enough data" below 20 decided cases, the figures from 20', () => {
  assert.deepEqual(processingTime(bins(Array.from({ length: 19 }, () => 3))), {
    cases: 19,
    medianDays: null,
    p80Days: null,
  });
  const twenty = [1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 7, 7, 8, 9, 9, 10, 10, 12, 15, 30];
  assert.deepEqual(processingTime(bins(twenty)), { cases: 20, medianDays: 6, p80Days: 10 });
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }), (values) => {
      const time = processingTime(bins(values));
      assert.equal(time.cases, values.length);
      assert.equal(time.medianDays === null, values.length < 20);
      if (time.medianDays !== null) assert.ok(time.medianDays <= time.p80Days!);
    }),
  );
});

test('filters: 30 days up to yesterday by default; wrong dates and a reversed period are errors', () => {
  assert.deepEqual(parseFilter({}, '2026-12-03'), {
    filter: { from: '2026-11-03', to: '2026-12-02', locationId: null, serviceId: null },
    errors: [],
  });
  assert.deepEqual(parseFilter({ from: '2026-13-01' }, '2026-12-03').errors, [{ field: 'from', problem: 'invalid' }]);
  assert.deepEqual(parseFilter({ from: '2026-12-01', to: '2026-11-01' }, '2026-12-03').errors, [
    { field: 'from', problem: 'order' },
  ]);
  assert.equal(parseFilter({ location: 'not-a-uuid' }, '2026-12-03').filter.locationId, null);
});

test("six months back keeps the day, or the month's last", () => {
  assert.equal(addMonthsDay('2026-12-03', -6), '2026-06-03');
  assert.equal(addMonthsDay('2026-08-31', -6), '2026-02-28');
  assert.equal(addMonthsDay('2026-03-15', -6), '2025-09-15');
});
