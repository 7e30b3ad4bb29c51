import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { sendPage } from '../platform/http/render.js';
import type { FormError } from '../platform/staff/components.js';
import { type StaffHttpDeps, staffPage } from '../platform/staff/staff-http.js';
import { listTeam } from './list-team.js';
import { dropPlan, planTraining } from './plan-training.js';
import { readRegister } from './read-register.js';
import { recordTraining, removeTrainingRecord } from './record-training.js';
import { RegisterPage, type RegisterForm } from './views/RegisterPage.js';
import { TeamPage } from './views/TeamPage.js';

const Field = Type.Optional(Type.String({ maxLength: 200 }));
const RecordBody = Type.Object({ _csrf: Field, course: Field, takenOn: Field });
const RemoveBody = Type.Object({ _csrf: Field, id: Field });
const PlanBody = Type.Object({ _csrf: Field, course: Field, plannedOn: Field });
const DropBody = Type.Object({ _csrf: Field, course: Field });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) });
// Checked by the use case, not the schema: the guard refuses first, and a bad id is "not yours to see".
const MemberParams = Type.Object({ id: Type.String({ maxLength: 60 }) });

export const ctxOf = (deps: AppDeps, request: FastifyRequest): Context => ({
  pool: deps.db.pool,
  authorityId: request.staff!.actor.authorityId,
  actor: request.staff!.actor,
});

/**
 * The competence register: everyone's own (/staff/competences, profile.edit), the team's for leads
 * (/staff/competences/team and one member's, competences.view_team), planning a team member's
 * training (trainings.manage). Forms that fail come back with what was typed; success redirects.
 */
export async function competenceRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    form: RegisterForm = { errors: [], values: {} },
  ) => {
    const page = await staffPage(request, http);
    const register = await readRegister({ userId, locale: page.t.locale }, ctxOf(deps, request));
    if (!register) throw new StaffDenied('forbidden');
    const saved = (request.query as { saved?: string } | undefined)?.saved === '1';
    return sendPage(reply, RegisterPage({ page, register, form, saved }), form.errors.length ? 400 : 200);
  };
  const refill = (errors: readonly FormError[], form: string, values: Record<string, string>): RegisterForm => ({
    errors,
    values: { form, ...values },
  });

  app.get<{ Querystring: Static<typeof SavedQuery> }>(
    '/staff/competences',
    { config: { staff: 'profile.edit' }, schema: { querystring: SavedQuery, hide: true } },
    (request, reply) => render(request, reply, request.staff!.actor.userId),
  );

  app.post<{ Body: Static<typeof RecordBody> }>(
    '/staff/competences/records',
    { config: { staff: 'profile.edit' }, schema: { body: RecordBody, hide: true } },
    async (request, reply) => {
      const values = { course: request.body.course ?? '', takenOn: (request.body.takenOn ?? '').trim() };
      const errors = await recordTraining({ courseId: values.course, takenOn: values.takenOn }, ctxOf(deps, request));
      if (errors.length > 0)
        return render(request, reply, request.staff!.actor.userId, refill(errors, 'record', values));
      return reply.redirect('/staff/competences?saved=1', 303);
    },
  );

  app.post<{ Body: Static<typeof RemoveBody> }>(
    '/staff/competences/records/remove',
    { config: { staff: 'profile.edit' }, schema: { body: RemoveBody, hide: true } },
    async (request, reply) => {
      await removeTrainingRecord({ recordId: request.body.id ?? '' }, ctxOf(deps, request));
      return reply.redirect('/staff/competences?saved=1', 303);
    },
  );

  const planRoute = (
    url: string,
    action: 'profile.edit' | 'trainings.manage',
    userOf: (r: FastifyRequest) => string,
  ) => {
    app.post<{ Body: Static<typeof PlanBody> }>(
      url,
      { config: { staff: action }, schema: { body: PlanBody, hide: true } },
      async (request, reply) => {
        const userId = userOf(request);
        const values = { course: request.body.course ?? '', plannedOn: (request.body.plannedOn ?? '').trim() };
        const result = await planTraining(
          { userId, courseId: values.course, plannedOn: values.plannedOn },
          ctxOf(deps, request),
        );
        if (!result.ok && 'refused' in result) throw new StaffDenied('forbidden');
        if (!result.ok) return render(request, reply, userId, refill(result.errors, 'plan', values));
        return reply.redirect(`${registerPath(request, userId)}?saved=1`, 303);
      },
    );
    app.post<{ Body: Static<typeof DropBody> }>(
      `${url}/remove`,
      { config: { staff: action }, schema: { body: DropBody, hide: true } },
      async (request, reply) => {
        const userId = userOf(request);
        if (!(await dropPlan({ userId, courseId: request.body.course ?? '' }, ctxOf(deps, request))))
          throw new StaffDenied('forbidden');
        return reply.redirect(`${registerPath(request, userId)}?saved=1`, 303);
      },
    );
  };
  planRoute('/staff/competences/plans', 'profile.edit', (r) => r.staff!.actor.userId);
  planRoute('/staff/competences/staff/:id/plans', 'trainings.manage', (r) => (r.params as { id: string }).id);

  app.get<{ Params: Static<typeof MemberParams>; Querystring: Static<typeof SavedQuery> }>(
    '/staff/competences/staff/:id',
    {
      config: { staff: 'competences.view_team' },
      schema: { params: MemberParams, querystring: SavedQuery, hide: true },
    },
    (request, reply) => render(request, reply, request.params.id),
  );

  app.get(
    '/staff/competences/team',
    { config: { staff: 'competences.view_team' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      return sendPage(reply, TeamPage({ page, team: await listTeam(ctxOf(deps, request)) }));
    },
  );
}

function registerPath(request: FastifyRequest, userId: string): string {
  return userId === request.staff!.actor.userId ? '/staff/competences' : `/staff/competences/staff/${userId}`;
}
