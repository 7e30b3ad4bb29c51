import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type ConsentEvent, consentRecords, consentValidAt, expiryOf, legalBasisFor } from './consent.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);

/** Events within a few days, consents lasting 0.5–3 days (expiry inside the window too). */
export const consentEvents = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('consent' as const),
      at: fc.integer({ min: 0, max: 6000 }).map(at),
      days: fc.constantFrom(0.5, 1, 2, 3),
    }),
    fc.record({ kind: fc.constant('withdraw' as const), at: fc.integer({ min: 0, max: 6000 }).map(at) }),
  ),
  { maxLength: 8 },
);

/** The model: replay the events up to the instant; a consent extends the validity, a withdrawal ends all of it. */
function modelValid(events: readonly ConsentEvent[], q: Date): boolean {
  let until = Number.NEGATIVE_INFINITY;
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const event of sorted) {
    if (event.at.getTime() > q.getTime()) break;
    until =
      event.kind === 'consent' ? Math.max(until, expiryOf(event.at, event.days).getTime()) : Number.NEGATIVE_INFINITY;
  }
  return q.getTime() < until;
}

test('for any sequence of consents, expiries and withdrawals, a referral is readable exactly while a consent covers it', () => {
  fc.assert(
    fc.property(consentEvents, fc.integer({ min: 0, max: 12000 }).map(at), (events, q) => {
      assert.equal(consentValidAt(consentRecords(events), q), modelValid(events, q));
    }),
    { numRuns: 2000 },
  );
});

test('a withdrawal takes effect at its instant; a consent at its expiry is over', () => {
  const given = consentRecords([{ kind: 'consent', at: at(0), days: 1 }]);
  assert.ok(consentValidAt(given, at(0)));
  assert.ok(consentValidAt(given, at(24 * 60 - 1)));
  assert.ok(!consentValidAt(given, at(24 * 60)));
  const withdrawn = consentRecords([
    { kind: 'consent', at: at(0), days: 1 },
    { kind: 'withdraw', at: at(10) },
  ]);
  assert.ok(consentValidAt(withdrawn, at(9)));
  assert.ok(!consentValidAt(withdrawn, at(10)));
  assert.ok(!consentValidAt([], at(0)), 'no consent, no access');
});

test('documents need explicit consent for special categories as well (Art. 9(2)(a))', () => {
  assert.deepEqual(legalBasisFor(['name', 'email']), ['GDPR Art. 6(1)(a)']);
  assert.deepEqual(legalBasisFor(['name', 'documents']), ['GDPR Art. 6(1)(a)', 'GDPR Art. 9(2)(a)']);
});
