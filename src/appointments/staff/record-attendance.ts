import { recordAudit } from '../../audit/record-audit.js';
import { actorCan } from '../../platform/access/actor-access.js';
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

/**
 * A caseworker records that the person arrived, was served, or did not come; refused when the step
 * does not fit. An appointment of a location or service the actor does not reach is 'unknown' to
 * them, exactly like one that does not exist: nothing is changed or audited.
 */
export async function recordAttendance(
  { appointmentId, step }: { appointmentId: string; step: Attendance },
  ctx: Context,
): Promise<'ok' | 'unknown' | 'notAllowed'> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ status: AppointmentStatus; location_id: string; service_id: string }>(
      'SELECT status, location_id, service_id FROM appointments WHERE id = $1 FOR UPDATE',
      [appointmentId],
    );
    const row = rows[0];
    if (!row) return 'unknown';
    const target = { authorityId: ctx.authorityId, locationId: row.location_id, serviceId: row.service_id };
    if (!actorCan(ctx.actor, 'appointments.attend', target)) return 'unknown';
    if (!canRecord(row.status, step)) return 'notAllowed';
    await tx.query(`UPDATE appointments SET status = $2, ${COLUMN[step]} = now() WHERE id = $1`, [appointmentId, step]);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: `appointment.${step}`,
      objectType: 'appointment',
      objectId: appointmentId,
    });
    return 'ok';
  });
}

/**
 * The appointment behind a check-in code (typed, or scanned from the QR code of the confirmation),
 * for recording the arrival; null when there is none the actor may attend (then nothing is audited).
 */
export async function findByCheckInCode({ code }: { code: string }, ctx: Context): Promise<string | null> {
  const normalised = checkInCodeOf(code);
  if (!normalised) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string; location_id: string; service_id: string }>(
      'SELECT id, location_id, service_id FROM appointments WHERE check_in_code = $1',
      [normalised],
    );
    const row = rows[0];
    if (!row) return null;
    const target = { authorityId: ctx.authorityId, locationId: row.location_id, serviceId: row.service_id };
    if (!actorCan(ctx.actor, 'appointments.attend', target)) return null;
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'appointment.looked_up',
      objectType: 'appointment',
      objectId: row.id,
    });
    return row.id;
  });
}
