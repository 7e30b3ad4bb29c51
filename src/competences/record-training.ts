import { recordAudit } from '../audit/record-audit.js';
import { isDay, officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import type { FormError } from '../platform/staff/components.js';

export async function courseExists(tx: Tx, courseId: string): Promise<boolean> {
  if (!isUuid(courseId)) return false;
  return (await tx.query('SELECT 1 FROM training_courses WHERE id = $1', [courseId])).rowCount === 1;
}

/** Checks a training taken; pure. */
export function takenErrors(takenOn: string, today: string): FormError[] {
  return isDay(takenOn) && takenOn <= today && takenOn >= '1950-01-01'
    ? []
    : [{ field: 'takenOn', message: 'competences.error.takenOn' }];
}

/** Records a training of the catalogue the actor took themselves (the register is everyone's own). */
export async function recordTraining(
  { courseId, takenOn }: { courseId: string; takenOn: string },
  ctx: Context,
): Promise<readonly FormError[]> {
  const actor = ctx.actor;
  if (actor.kind !== 'staff') return [{ field: 'course', message: 'competences.error.course' }];
  const errors = takenErrors(takenOn, officeToday(Date.now()));
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    if (!(await courseExists(tx, courseId))) errors.unshift({ field: 'course', message: 'competences.error.course' });
    if (errors.length > 0) return errors;
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO training_records (authority_id, user_id, course_id, taken_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, course_id, taken_on) DO NOTHING RETURNING id`,
      [ctx.authorityId, actor.userId, courseId, takenOn],
    );
    if (!rows[0]) return []; // the same form sent again
    // Taking a planned training fulfils the plan.
    await tx.query('DELETE FROM training_plans WHERE user_id = $1 AND course_id = $2 AND planned_on <= $3', [
      actor.userId,
      courseId,
      officeToday(Date.now()),
    ]);
    await recordAudit(tx, ctx.authorityId, actor, {
      action: 'competences.training_recorded',
      objectType: 'staff',
      objectId: actor.userId,
      details: { record: rows[0]!.id, course: courseId },
    });
    return [];
  });
}

/** Removes one of the actor's own training records (a wrong entry). */
export async function removeTrainingRecord({ recordId }: { recordId: string }, ctx: Context): Promise<void> {
  const actor = ctx.actor;
  if (actor.kind !== 'staff' || !isUuid(recordId)) return;
  await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rowCount } = await tx.query('DELETE FROM training_records WHERE id = $1 AND user_id = $2', [
      recordId,
      actor.userId,
    ]);
    if (rowCount)
      await recordAudit(tx, ctx.authorityId, actor, {
        action: 'competences.training_removed',
        objectType: 'staff',
        objectId: actor.userId,
        details: { record: recordId },
      });
  });
}
