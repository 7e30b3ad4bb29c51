import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { AppointmentStatus } from '../appointment-view.js';
import { canRecord, type Attendance } from './attendance.js';
import { checkInCodeOf } from '../check-in/check-in-code.js';

const COLUMN: Record<Attendance, 'arrived_at' | 'finished_at'> = {
  arrived: 'arrived_at',
  served: 'finished_at',
  no_show: 'finished_at',
};

/** A caseworker records that the person arrived, was served, or did not come; refused when the step does not fit. */
export async function recordAttendance(
  { appointmentId, step }: { appointmentId: string; step: Attendance },
  ctx: Context,
): Promise<'ok' | 'unknown' | 'notAllowed'> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ status: AppointmentStatus }>(
      'SELECT status FROM appointments WHERE id = $1 FOR UPDATE',
      [appointmentId],
    );
    const current = rows[0]?.status;
    if (!current) return 'unknown';
    if (!canRecord(current, step)) return 'notAllowed';
    await tx.query(`UPDATE appointments SET status = $2, ${COLUMN[step]} = now() WHERE id = $1`, [appointmentId, step]);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: `appointment.${step}`,
      objectType: 'appointment',
      objectId: appointmentId,
    });
    return 'ok';
  });
}

/** The appointment behind a check-in code (typed, or scanned from the QR code of the confirmation). */
export async function findByCheckInCode({ code }: { code: string }, ctx: Context): Promise<string | null> {
  const normalised = checkInCodeOf(code);
  if (!normalised) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM appointments WHERE check_in_code = $1', [
      normalised,
    ]);
    if (rows[0])
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'appointment.looked_up',
        objectType: 'appointment',
        objectId: rows[0].id,
      });
    return rows[0]?.id ?? null;
  });
}
