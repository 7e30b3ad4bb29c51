import { recordAudit } from '../audit/record-audit.js';
import { addDays, isDay, officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import type { FormError } from '../platform/staff/components.js';
import { memberFor } from './find-member.js';
import { courseExists } from './record-training.js';

export type PlanResult = { ok: true } | { ok: false; errors: readonly FormError[] } | { ok: false; refused: true };

/** A planned date: today or later, within five years. */
export function plannedErrors(plannedOn: string, today: string): FormError[] {
  return isDay(plannedOn) && plannedOn >= today && plannedOn <= addDays(today, 5 * 366)
    ? []
    : [{ field: 'plannedOn', message: 'competences.error.plannedOn' }];
}

/**
 * Plans a training (or moves its date): for oneself, or, with trainings.manage, for a member of
 * one's team. Anyone else is refused, whether or not they exist. One plan per member and course.
 */
export async function planTraining(
  { userId, courseId, plannedOn }: { userId: string; courseId: string; plannedOn: string },
  ctx: Context,
): Promise<PlanResult> {
  if (!isUuid(userId) || ctx.actor.kind !== 'staff') return { ok: false, refused: true };
  const actor = ctx.actor;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    if (!(await memberFor(tx, actor, userId, 'trainings.manage'))) return { ok: false, refused: true } as const;
    const errors = plannedErrors(plannedOn, officeToday(Date.now()));
    if (!(await courseExists(tx, courseId))) errors.unshift({ field: 'course', message: 'competences.error.course' });
    if (errors.length > 0) return { ok: false, errors } as const;
    await tx.query(
      `INSERT INTO training_plans (authority_id, user_id, course_id, planned_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, course_id) DO UPDATE SET planned_on = excluded.planned_on`,
      [ctx.authorityId, userId, courseId, plannedOn],
    );
    await recordAudit(tx, ctx.authorityId, actor, {
      action: 'competences.training_planned',
      objectType: 'staff',
      objectId: userId,
      details: { course: courseId, plannedOn },
    });
    return { ok: true } as const;
  });
}

/** Drops a plan: one's own, or with trainings.manage one of one's team. */
export async function dropPlan(
  { userId, courseId }: { userId: string; courseId: string },
  ctx: Context,
): Promise<boolean> {
  if (!isUuid(userId) || !isUuid(courseId) || ctx.actor.kind !== 'staff') return false;
  const actor = ctx.actor;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    if (!(await memberFor(tx, actor, userId, 'trainings.manage'))) return false;
    const { rowCount } = await tx.query('DELETE FROM training_plans WHERE user_id = $1 AND course_id = $2', [
      userId,
      courseId,
    ]);
    if (rowCount)
      await recordAudit(tx, ctx.authorityId, actor, {
        action: 'competences.plan_dropped',
        objectType: 'staff',
        objectId: userId,
        details: { course: courseId },
      });
    return true;
  });
}
