import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyScenario, type ServiceWorkload, staffingNeed, type StaffingParameters } from './staffing-need.js';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

const service = (over: Partial<ServiceWorkload>): ServiceWorkload => ({
  serviceId: 'a',
  name: 'A',
  visits: 0,
  counterMinutes: 0,
  cases: 0,
  caseworkMinutes: 0,
  posts: null,
  ...over,
});

describe('examples computed by hand', () => {
  test('the handbook example without surcharge: 10,000 cases × 60 min ÷ 96,000 min = 6.25 FTE', () => {
    const need = staffingNeed([service({ cases: 10_000, caseworkMinutes: 60 })], {
      annualWorkingMinutes: 96_000,
      surchargePercent: 0,
      totalPosts: 5,
    });
    assert.equal(need.minutes, 600_000);
    assert.equal(need.hours, 10_000);
    assert.equal(need.fte, 6.25);
    assert.equal(need.posts, 5);
    assert.equal(need.gap, 1.25);
  });

  test('counter and case work, 10 % Verteilzeit on the minutes, posts per service win over the total', () => {
    const parameters: StaffingParameters = { annualWorkingMinutes: 93_500, surchargePercent: 10, totalPosts: 9 };
    const workloads = [
      // 2,000 × 20 + 1,000 × 45 = 85,000; + 10 % = 93,500 min = 1 FTE
      service({ serviceId: 'a', visits: 2_000, counterMinutes: 20, cases: 1_000, caseworkMinutes: 45, posts: 1 }),
      // 500 × 12 = 6,000; + 10 % = 6,600 min
      service({ serviceId: 'b', name: 'B', visits: 500, counterMinutes: 12 }),
    ];
    const need = staffingNeed(workloads, parameters);
    const [a, b] = need.services;
    assert.equal(a?.baseMinutes, 85_000);
    assert.equal(a?.surchargeMinutes, 8_500);
    assert.equal(a?.minutes, 93_500);
    assert.equal(a?.fte, 1);
    assert.equal(b?.minutes, 6_600);
    assert.equal(b?.hours, 110);
    assert.equal(need.baseMinutes, 91_000);
    assert.equal(need.minutes, 100_100);
    close(need.fte, 100_100 / 93_500, 'total');
    assert.equal(need.posts, 1);
    close(need.gap ?? Number.NaN, 6_600 / 93_500, 'gap');

    // +20 % for A: 2,400 × 20 + 1,200 × 45 = 102,000; + 10 % = 112,200 min = 1.2 FTE
    const scenario = staffingNeed(applyScenario(workloads, { serviceId: 'a', percent: 20 }), parameters);
    close(scenario.services[0]?.fte ?? 0, 1.2, 'scenario A');
    assert.equal(scenario.services[1]?.minutes, 6_600);
  });

  test('no posts entered: no gap', () => {
    const need = staffingNeed([service({ cases: 1, caseworkMinutes: 1 })], {
      annualWorkingMinutes: 1,
      surchargePercent: 0,
      totalPosts: null,
    });
    assert.equal(need.posts, null);
    assert.equal(need.gap, null);
  });

  test('annual working minutes must be positive', () => {
    assert.throws(() => staffingNeed([], { annualWorkingMinutes: 0, surchargePercent: 10, totalPosts: null }));
  });
});

const count = fc.integer({ min: 0, max: 200_000 });
const minutes = fc.double({ min: 0, max: 600, noNaN: true });
const workload = fc.record({
  serviceId: fc.uuid(),
  name: fc.string(),
  visits: count,
  counterMinutes: minutes,
  cases: count,
  caseworkMinutes: minutes,
  posts: fc.constant(null),
});
const workloads = fc.uniqueArray(workload, { minLength: 1, maxLength: 6, selector: (w) => w.serviceId });
const parameters = fc.record({
  annualWorkingMinutes: fc.integer({ min: 50_000, max: 120_000 }),
  surchargePercent: fc.double({ min: 0, max: 30, noNaN: true }),
  totalPosts: fc.constant(null),
});

describe('properties', () => {
  test('zero cases and visits give zero need, whatever the minutes', () => {
    fc.assert(
      fc.property(workloads, parameters, (ws, p) => {
        const need = staffingNeed(
          ws.map((w) => ({ ...w, visits: 0, cases: 0 })),
          p,
        );
        assert.equal(need.fte, 0);
        for (const s of need.services) assert.equal(s.fte, 0);
      }),
    );
  });

  test('monotone: more cases, visits or minutes of one service never lower the need', () => {
    const field = fc.constantFrom('visits', 'cases', 'counterMinutes', 'caseworkMinutes' as const);
    fc.assert(
      fc.property(workloads, parameters, field, fc.double({ min: 0, max: 1000, noNaN: true }), (ws, p, key, more) => {
        const before = staffingNeed(ws, p);
        const after = staffingNeed(
          ws.map((w, i) => (i === 0 ? { ...w, [key]: w[key] + more } : w)),
          p,
        );
        assert.ok(after.fte >= before.fte, `${after.fte} < ${before.fte}`);
        assert.ok((after.services[0]?.fte ?? 0) >= (before.services[0]?.fte ?? 0));
      }),
    );
  });

  test('linear in cases: k times the cases and visits is k times the need', () => {
    fc.assert(
      fc.property(workloads, parameters, fc.integer({ min: 0, max: 50 }), (ws, p, k) => {
        const before = staffingNeed(ws, p);
        const after = staffingNeed(
          ws.map((w) => ({ ...w, visits: w.visits * k, cases: w.cases * k })),
          p,
        );
        close(after.fte, k * before.fte, 'total');
        for (const [i, s] of after.services.entries()) close(s.fte, k * (before.services[i]?.fte ?? 0), s.serviceId);
      }),
    );
  });

  test('the total is the sum of the services, and the surcharge scales the base', () => {
    fc.assert(
      fc.property(workloads, parameters, (ws, p) => {
        const need = staffingNeed(ws, p);
        close(
          need.fte,
          need.services.reduce((t, s) => t + s.fte, 0),
          'sum',
        );
        close(need.minutes, need.baseMinutes * (1 + p.surchargePercent / 100), 'surcharge');
      }),
    );
  });

  test('a scenario of +x % changes only its service, by the factor', () => {
    fc.assert(
      fc.property(workloads, parameters, fc.integer({ min: -100, max: 300 }), (ws, p, percent) => {
        const target = ws[0]!;
        const before = staffingNeed(ws, p);
        const after = staffingNeed(applyScenario(ws, { serviceId: target.serviceId, percent }), p);
        close(after.services[0]?.fte ?? 0, (before.services[0]?.fte ?? 0) * (1 + percent / 100), 'scenario');
        for (let i = 1; i < ws.length; i++) assert.equal(after.services[i]?.fte, before.services[i]?.fte);
      }),
    );
  });
});
