import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseNumber, parseScenario, parseStaffingForm, serviceField } from './staffing-form.js';

const whole = { kind: 'whole', min: 0, max: 200_000 } as const;
const decimal = { kind: 'decimal', min: 0, max: 50 } as const;

test('German and English notation: thousands separators in whole numbers, a decimal comma or point in decimals', () => {
  assert.equal(parseNumber('96.000', whole), 96_000);
  assert.equal(parseNumber('96 000', whole), 96_000);
  assert.equal(parseNumber('96000', whole), 96_000);
  assert.equal(parseNumber(' ', whole), null);
  assert.equal(parseNumber('96,5', whole), undefined);
  assert.equal(parseNumber('12,5', decimal), 12.5);
  assert.equal(parseNumber('12.5', decimal), 12.5);
  assert.equal(parseNumber('1.234,5', decimal), undefined);
  assert.equal(parseNumber('50,01', decimal), undefined);
  assert.equal(parseNumber('-1', decimal), undefined);
  assert.equal(parseNumber('zehn', decimal), undefined);
});

test('any whole number in range, typed with or without German grouping, reads back as itself', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 200_000 }), (n) => {
      assert.equal(parseNumber(String(n), whole), n);
      assert.equal(parseNumber(new Intl.NumberFormat('de').format(n), whole), n);
    }),
  );
});

test('the form: every bad field is named with its service; empty fields are "not set"', () => {
  const result = parseStaffingForm(
    { surchargePercent: 'zehn', [serviceField('posts', 's1')]: '2,555', [serviceField('caseworkMinutes', 's2')]: '' },
    ['s1', 's2'],
  );
  assert.deepEqual(result, {
    ok: false,
    errors: [
      { field: 'surchargePercent', code: 'surchargePercent' },
      { field: 'posts-s1', code: 'posts', serviceId: 's1' },
    ],
  });
  const good = parseStaffingForm({ annualWorkingMinutes: '96.000', [serviceField('posts', 's1')]: '2,5' }, ['s1']);
  assert.ok(good.ok);
  assert.equal(good.entries.annualWorkingMinutes, 96_000);
  assert.equal(good.entries.surchargePercent, null);
  assert.deepEqual(good.entries.services.get('s1'), {
    caseworkMinutes: null,
    counterMinutes: null,
    forecastCases: null,
    forecastVisits: null,
    posts: 2.5,
  });
});

test('the scenario: none when both fields are empty, signed percentages, an unknown service refused', () => {
  assert.deepEqual(parseScenario({}, ['s1']), { ok: true, scenario: null });
  assert.deepEqual(parseScenario({ scenarioService: 's1', scenarioPercent: '+20' }, ['s1']), {
    ok: true,
    scenario: { serviceId: 's1', percent: 20 },
  });
  assert.deepEqual(parseScenario({ scenarioService: 's1', scenarioPercent: '-12,5' }, ['s1']), {
    ok: true,
    scenario: { serviceId: 's1', percent: -12.5 },
  });
  assert.deepEqual(parseScenario({ scenarioService: 'x', scenarioPercent: '-101' }, ['s1']), {
    ok: false,
    errors: [
      { field: 'scenarioService', code: 'scenarioService' },
      { field: 'scenarioPercent', code: 'scenarioPercent' },
    ],
  });
});
