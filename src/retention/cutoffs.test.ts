import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OFFICE_TIME_ZONE, officeToday } from '../platform/clock/office-time.js';
import { addDays, instantOf } from '../platform/clock/office-time.js';
import type { RetentionDays } from '../platform/config.js';
import { retentionCutoffs } from './cutoffs.js';

const uniform = (n: number): RetentionDays => ({
  appointments: n,
  queueTickets: n,
  caseDocuments: n,
  cases: n,
  permits: n,
  mailBodies: n,
  mails: n,
});
const noonOf = (day: string) => instantOf(day, 12 * 60, OFFICE_TIME_ZONE);

test('a day is kept for N whole days after it and goes in the first sweep after that', () => {
  // 1 April 2025, 03:30 in Berlin (summer time): the sweep's hour.
  const now = Date.parse('2025-04-01T01:30:00Z');
  const cut = retentionCutoffs(
    { appointments: 30, queueTickets: 7, caseDocuments: 30, cases: 365, permits: 90, mailBodies: 1, mails: 14 },
    now,
  );
  assert.equal(cut.queueDaysBefore, '2025-03-25');
  assert.equal(cut.permitsExpiredBefore, '2025-01-01');
  assert.equal(cut.drawRoundsBefore, '2025-03-02');
  // Midnight in Berlin on 2 March 2025 (winter time, UTC+1).
  assert.equal(cut.appointmentsBefore.toISOString(), '2025-03-01T23:00:00.000Z');
  assert.equal(cut.casesClosedBefore.toISOString(), '2024-03-31T22:00:00.000Z');
  // A mail sent on 30 March keeps its body through 31 March and loses it now; rows of mails sent before 18 March go.
  assert.equal(cut.mailBodiesSentBefore.toISOString(), '2025-03-30T22:00:00.000Z');
  assert.equal(cut.mailsBefore.toISOString(), '2025-03-17T23:00:00.000Z');
});

test('property: the day N days back is kept, the day before it is not, and today never is', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-12-31') }),
      fc.integer({ min: 1, max: 3650 }),
      (now, n) => {
        const cut = retentionCutoffs(uniform(n), now);
        const today = officeToday(now);
        const lastKept = addDays(today, -n);
        const firstGone = addDays(today, -n - 1);
        const { appointmentsBefore, caseDocumentsClosedBefore, casesClosedBefore, mailBodiesSentBefore, mailsBefore } =
          cut;
        for (const before of [
          appointmentsBefore,
          caseDocumentsClosedBefore,
          casesClosedBefore,
          mailBodiesSentBefore,
          mailsBefore,
        ]) {
          assert.ok(
            noonOf(lastKept) >= before.getTime() && instantOf(lastKept, 0, OFFICE_TIME_ZONE) >= before.getTime(),
          );
          assert.ok(
            noonOf(firstGone) < before.getTime() &&
              instantOf(firstGone, 23 * 60 + 59, OFFICE_TIME_ZONE) < before.getTime(),
          );
          assert.ok(before.getTime() < now);
        }
        for (const before of [cut.drawRoundsBefore, cut.queueDaysBefore, cut.permitsExpiredBefore]) {
          assert.ok(lastKept >= before && firstGone < before && before < today);
        }
      },
    ),
  );
});

test('property: a longer period never deletes more', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-12-31') }),
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 0, max: 600 }),
      (now, n, more) => {
        const short = retentionCutoffs(uniform(n), now);
        const long = retentionCutoffs(uniform(n + more), now);
        assert.ok(
          long.appointmentsBefore <= short.appointmentsBefore && long.casesClosedBefore <= short.casesClosedBefore,
        );
        assert.ok(
          long.queueDaysBefore <= short.queueDaysBefore && long.permitsExpiredBefore <= short.permitsExpiredBefore,
        );
      },
    ),
  );
});
