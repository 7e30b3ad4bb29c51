import type { Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { canRecord, type Attendance } from '../staff/attendance.js';
import type { AppointmentStatus } from '../appointment-view.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { checkInCodeOf } from './check-in-code.js';

export interface CheckedInAppointment {
  readonly id: string;
  readonly serviceId: string;
  readonly startsAt: Date;
  readonly locale: Locale;
}

export type CheckInResult =
  | { readonly ok: true; readonly appointment: CheckedInAppointment }
  | { readonly ok: false; readonly reason: 'unknown' | 'otherLocation' | 'otherDay' | 'notBooked' };

/**
 * Checks in a booked appointment at the entrance (kiosk): it must be at this location, today, and
 * still booked. Runs in the caller's tenant transaction; the caller writes the audit entry.
 */
export async function checkInAppointment(
  tx: Tx,
  { code, locationId, now }: { code: string; locationId: string; now: number },
): Promise<CheckInResult> {
  const normalised = checkInCodeOf(code);
  if (!normalised) return { ok: false, reason: 'unknown' };
  const { rows } = await tx.query<{
    id: string;
    service_id: string;
    location_id: string;
    starts_at: Date;
    status: AppointmentStatus;
    locale: Locale | null;
  }>(
    'SELECT id, service_id, location_id, starts_at, status, locale FROM appointments WHERE check_in_code = $1 FOR UPDATE',
    [normalised],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.location_id !== locationId) return { ok: false, reason: 'otherLocation' };
  if (officeToday(row.starts_at.getTime()) !== officeToday(now)) return { ok: false, reason: 'otherDay' };
  if (!canRecord(row.status, 'arrived')) return { ok: false, reason: 'notBooked' };
  await tx.query(`UPDATE appointments SET status = 'arrived', arrived_at = now() WHERE id = $1`, [row.id]);
  return {
    ok: true,
    appointment: { id: row.id, serviceId: row.service_id, startsAt: row.starts_at, locale: row.locale ?? 'de' },
  };
}

/** The end of the visit, recorded on the appointment too (served or no-show), when the step fits. */
export async function finishAppointmentVisit(
  tx: Tx,
  appointmentId: string,
  step: Exclude<Attendance, 'arrived'>,
): Promise<void> {
  const { rows } = await tx.query<{ status: AppointmentStatus }>(
    'SELECT status FROM appointments WHERE id = $1 FOR UPDATE',
    [appointmentId],
  );
  const current = rows[0]?.status;
  if (current && canRecord(current, step))
    await tx.query('UPDATE appointments SET status = $2, finished_at = now() WHERE id = $1', [appointmentId, step]);
}
