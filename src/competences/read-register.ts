import { recordAudit } from '../audit/record-audit.js';
import { spokenLanguages, type SpokenLanguage, type TeamMember } from '../identity/team-members.js';
import { officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import { listCourses } from './courses.js';
import { memberFor } from './find-member.js';
import { trainingStates, type Course, type MemberCourse } from './training-status.js';

export interface RegisterCourse {
  readonly course: Course;
  readonly status: MemberCourse;
  readonly records: readonly { id: string; takenOn: string }[];
  readonly plannedOn: string | null;
}

export interface Register {
  readonly member: TeamMember;
  readonly own: boolean;
  readonly languages: readonly SpokenLanguage[];
  readonly courses: readonly RegisterCourse[];
}

/**
 * One member's competence register: languages, and per catalogue course the trainings taken, when
 * it is due and what is planned. Another member's register is theirs only within the actor's team,
 * and reading it is written to the audit trail. Null: no such member in reach.
 */
export async function readRegister(
  { userId, locale }: { userId: string; locale: string },
  ctx: Context,
): Promise<Register | null> {
  if (!isUuid(userId)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const member = await memberFor(tx, ctx.actor, userId, 'competences.view_team');
    if (!member) return null;
    const own = ctx.actor.kind === 'staff' && ctx.actor.userId === userId;
    const courses = await listCourses(tx, locale);
    const { rows: records } = await tx.query<{ id: string; course_id: string; taken_on: string }>(
      `SELECT id, course_id, to_char(taken_on, 'YYYY-MM-DD') AS taken_on FROM training_records
        WHERE user_id = $1 ORDER BY taken_on DESC, id`,
      [userId],
    );
    const { rows: plans } = await tx.query<{ course_id: string; planned_on: string }>(
      `SELECT course_id, to_char(planned_on, 'YYYY-MM-DD') AS planned_on FROM training_plans WHERE user_id = $1`,
      [userId],
    );
    const states = trainingStates(
      [userId],
      courses,
      records.map((r) => ({ userId, courseId: r.course_id, takenOn: r.taken_on })),
      officeToday(Date.now()),
    );
    if (!own)
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'competences.register_viewed',
        objectType: 'staff',
        objectId: userId,
      });
    return {
      member,
      own,
      languages: await spokenLanguages(tx, [userId]),
      courses: courses.map((course, i) => ({
        course,
        status: states[i]!,
        records: records.filter((r) => r.course_id === course.id).map((r) => ({ id: r.id, takenOn: r.taken_on })),
        plannedOn: plans.find((p) => p.course_id === course.id)?.planned_on ?? null,
      })),
    };
  });
}
