import type { AppointmentStatus } from '../appointment-view.js';

/** What staff record at the counter. */
export type Attendance = 'arrived' | 'served' | 'no_show';

/**
 * Which attendance step may follow which status: a booked person arrives (check-in) or does not
 * come; an arrived person is served. "Served" without "arrived" is allowed too (the person went
 * straight to the counter). Nothing else changes by this path.
 */
const NEXT: Readonly<Partial<Record<AppointmentStatus, readonly Attendance[]>>> = {
  booked: ['arrived', 'served', 'no_show'],
  arrived: ['served', 'no_show'],
};

export function canRecord(current: AppointmentStatus, step: Attendance): boolean {
  return NEXT[current]?.includes(step) ?? false;
}

export function isAttendance(value: unknown): value is Attendance {
  return value === 'arrived' || value === 'served' || value === 'no_show';
}
