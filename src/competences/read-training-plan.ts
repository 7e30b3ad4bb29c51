import { recordAudit } from '../audit/record-audit.js';
import { teamMembers, type TeamMember } from '../identity/team-members.js';
import { actorScopes } from '../platform/access/actor-access.js';
import { officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { listCourses, type CatalogueCourse } from './courses.js';
import {
  planByQuarter,
  sharesTrained,
  trainingStates,
  type CourseShare,
  type MemberCourse,
  type PlannedTraining,
} from './training-status.js';

export interface TrainingPlan {
  readonly today: string;
  readonly team: readonly TeamMember[];
  readonly courses: readonly CatalogueCourse[];
  /** Never taken or refresh period passed, by member. */
  readonly due: readonly MemberCourse[];
  readonly shares: readonly CourseShare[];
  readonly quarters: readonly { quarter: string; plans: readonly PlannedTraining[] }[];
}

/**
 * The team's training planning: who is due for which course (never taken, or the refresh period
 * passed), the share of the team trained per course, and the planned trainings per quarter. The
 * team is whoever the actor's competences.view_team grants reach; names are personal data, so the
 * view is audited.
 */
export async function readTrainingPlan({ locale }: { locale: string }, ctx: Context): Promise<TrainingPlan> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const today = officeToday(Date.now());
    const team = await teamMembers(tx, actorScopes(ctx.actor, 'competences.view_team'));
    const ids = team.map((m) => m.id);
    const courses = await listCourses(tx, locale);
    const { rows: taken } = await tx.query<{ user_id: string; course_id: string; taken_on: string }>(
      `SELECT user_id, course_id, to_char(max(taken_on), 'YYYY-MM-DD') AS taken_on FROM training_records
        WHERE user_id = ANY($1) GROUP BY 1, 2`,
      [ids],
    );
    const { rows: plans } = await tx.query<{ user_id: string; course_id: string; planned_on: string }>(
      `SELECT user_id, course_id, to_char(planned_on, 'YYYY-MM-DD') AS planned_on FROM training_plans
        WHERE user_id = ANY($1)`,
      [ids],
    );
    const states = trainingStates(
      ids,
      courses,
      taken.map((t) => ({ userId: t.user_id, courseId: t.course_id, takenOn: t.taken_on })),
      today,
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'competences.training_plan_viewed',
      details: { members: team.length },
    });
    return {
      today,
      team,
      courses,
      due: states.filter((s) => s.state !== 'valid'),
      shares: sharesTrained(courses, states, team.length),
      quarters: planByQuarter(
        plans.map((p) => ({ userId: p.user_id, courseId: p.course_id, plannedOn: p.planned_on })),
      ),
    };
  });
}
