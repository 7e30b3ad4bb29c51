import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { HttpProblem } from '../platform/http/errors.js';
import { sendPage } from '../platform/http/render.js';
import { LOCALES, type Locale } from '../platform/i18n/locales.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { editQuestion, questionnaireForEditing } from './edit-question.js';
import { type EditableQuestion, QuestionnairePage } from './views/QuestionnairePage.js';

const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
const KeyParams = Type.Object({ key: Type.String({ maxLength: 60 }) });
const Text = Type.Optional(Type.String({ maxLength: 2000 }));
const QuestionBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  active: Type.Optional(Type.String({ maxLength: 5 })),
  ...Object.fromEntries(LOCALES.map((locale) => [`text-${locale}`, Text])),
});
type Body = { _csrf?: string; active?: string } & Partial<Record<`text-${Locale}`, string>>;

/** `/staff/surveys`: the customer questionnaire's settings (`surveys.configure`). */
export async function surveySettingsRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    notice: 'saved' | null,
    failed: Parameters<typeof QuestionnairePage>[0]['failed'],
  ) => {
    const questions = await questionnaireForEditing(ctxOf(request));
    if (!questions) throw new StaffDenied('forbidden');
    return sendPage(
      reply,
      QuestionnairePage({ page: await staffPage(request, http), questions, notice, failed }),
      failed ? 400 : 200,
    );
  };

  app.get<{ Querystring: Static<typeof NoticeQuery> }>(
    '/staff/surveys',
    { config: { staff: 'surveys.configure' }, schema: { querystring: NoticeQuery, hide: true } },
    (request, reply) => render(request, reply, request.query.notice === 'saved' ? 'saved' : null, null),
  );

  app.post<{ Params: Static<typeof KeyParams>; Body: Body }>(
    '/staff/surveys/:key',
    { config: { staff: 'surveys.configure' }, schema: { params: KeyParams, body: QuestionBody, hide: true } },
    async (request, reply) => {
      const texts = Object.fromEntries(LOCALES.map((l) => [l, request.body[`text-${l}`] ?? ''])) as Record<
        Locale,
        string
      >;
      const input = { active: request.body.active === '1', texts };
      const result = await editQuestion({ key: request.params.key, input }, ctxOf(request));
      if (!result.ok && result.reason === 'notAllowed') throw new StaffDenied('forbidden');
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      if (!result.ok && result.reason === 'invalid') {
        const stored = (await questionnaireForEditing(ctxOf(request)))?.find((q) => q.key === request.params.key);
        const question: EditableQuestion = {
          key: request.params.key,
          kind: stored?.kind ?? 'scale',
          active: input.active,
          texts,
        };
        return render(request, reply, null, { key: request.params.key, question, locales: result.locales });
      }
      return reply.redirect('/staff/surveys?notice=saved', 303);
    },
  );
}
