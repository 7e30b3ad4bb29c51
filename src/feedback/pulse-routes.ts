import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { sendPage } from '../platform/http/render.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { answerPulse } from './pulse/answer-pulse.js';
import { openPulseRound } from './pulse/open-pulse-round.js';
import { pulseOverview } from './pulse/pulse-overview.js';
import type { SurveyFormError, SurveyValues } from './survey-form.js';
import { PulseAnswerPage, PulsePage } from './views/PulsePages.js';

type Deps = AppDeps & { readonly feedback: FeedbackDeps };

const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
// Checked in the handler, after the guard: the unauthorised get their refusal before any 400.
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const PulseBody = Type.Record(Type.String({ pattern: '^(_csrf|q-[a-z]{1,20})$' }), Type.String({ maxLength: 4000 }), {
  maxProperties: 10,
});
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The staff pulse: `/staff/pulse` for everyone, opening a round with `surveys.configure`, trends with `reports.view`. */
export async function pulseRoutes(app: FastifyInstance, deps: Deps, http: StaffHttpDeps): Promise<void> {
  const key = deps.feedback.surveyKey;
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const answerForm = async (
    request: FastifyRequest<{ Params: Static<typeof TokenParams> }>,
    reply: FastifyReply,
    values: SurveyValues,
    errors: readonly SurveyFormError[],
  ) => {
    const page = await staffPage(request, http);
    const action = `/staff/pulse/${request.params.token}`;
    return sendPage(reply, PulseAnswerPage({ page, action, values, errors }), errors.length > 0 ? 400 : 200);
  };

  app.get<{ Querystring: Static<typeof NoticeQuery> }>(
    '/staff/pulse',
    { config: { staff: 'dashboard.view' }, schema: { querystring: NoticeQuery, hide: true } },
    async (request, reply) => {
      const overview = await pulseOverview({ key }, ctxOf(request));
      if (!overview) throw new StaffDenied('forbidden');
      const notice =
        request.query.notice === 'thanks' || request.query.notice === 'opened' ? request.query.notice : null;
      return sendPage(reply, PulsePage({ page: await staffPage(request, http), overview, notice }));
    },
  );

  app.post(
    '/staff/pulse/rounds',
    { config: { staff: 'surveys.configure' }, schema: { hide: true } },
    async (request, reply) => {
      const result = await openPulseRound({ key }, ctxOf(request));
      if (!result.ok) throw new StaffDenied('forbidden');
      return reply.redirect('/staff/pulse?notice=opened', 303);
    },
  );

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/staff/pulse/:token',
    { config: { staff: 'dashboard.view' }, schema: { params: TokenParams, hide: true } },
    async (request, reply) => {
      const overview = await pulseOverview({ key }, ctxOf(request));
      // Answered already, lapsed or not this person's: the pulse page says which.
      if (!TOKEN.test(request.params.token) || overview?.myToken !== request.params.token) {
        return reply.redirect('/staff/pulse', 303);
      }
      return answerForm(request, reply, {}, []);
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof PulseBody> }>(
    '/staff/pulse/:token',
    { config: { staff: 'dashboard.view' }, schema: { params: TokenParams, body: PulseBody, hide: true } },
    async (request, reply) => {
      // A token that is not (or no longer) this person's stores nothing; the pulse page says why.
      if (!TOKEN.test(request.params.token)) return reply.redirect('/staff/pulse', 303);
      const result = await answerPulse({ token: request.params.token, values: request.body }, ctxOf(request));
      if (!result.ok && result.reason === 'unknown') return reply.redirect('/staff/pulse', 303);
      if (!result.ok && result.reason === 'invalid') return answerForm(request, reply, request.body, result.errors);
      // Answered now or before (a second click): nothing new is stored.
      return reply.redirect('/staff/pulse?notice=thanks', 303);
    },
  );
}
