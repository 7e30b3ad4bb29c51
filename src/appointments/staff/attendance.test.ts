import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canRecord, type Attendance } from './attendance.js';
import type { AppointmentStatus } from '../appointment-view.js';

const STATUSES: AppointmentStatus[] = [
  'held',
  'unconfirmed',
  'offered',
  'booked',
  'arrived',
  'served',
  'no_show',
  'cancelled',
  'expired',
];
const STEPS: Attendance[] = ['arrived', 'served', 'no_show'];

test('only booked or arrived appointments take attendance steps', () => {
  for (const status of STATUSES) {
    for (const step of STEPS) {
      const expected = status === 'booked' || (status === 'arrived' && step !== 'arrived');
      assert.equal(canRecord(status, step), expected, `${status} → ${step}`);
    }
  }
});

test('no sequence of steps leaves "served" or "no show" again, or reaches anything but them', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...STEPS), { maxLength: 10 }), (steps) => {
      let status: AppointmentStatus = 'booked';
      for (const step of steps) if (canRecord(status, step)) status = step;
      assert.ok(['booked', 'arrived', 'served', 'no_show'].includes(status));
      if (steps.includes('served') || steps.includes('no_show')) assert.ok(status === 'served' || status === 'no_show');
    }),
  );
});
