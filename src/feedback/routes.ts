import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { csrfForm, csrfToken } from '../platform/http/csrf.js';
import { HttpProblem } from '../platform/http/errors.js';
import { LocaleParams, localeOf } from '../platform/http/locale-param.js';
import { publicPage } from '../platform/http/public-page.js';
import { sendPage } from '../platform/http/render.js';
import { href } from '../platform/layout/page.js';
import { NoticePage } from '../platform/layout/NoticePage.js';
import { answerSurvey } from './answer-survey.js';
import { findSurvey } from './find-survey.js';
import type { SurveyQuestion } from './questionnaire.js';
import type { SurveyFormError, SurveyValues } from './survey-form.js';
import { SurveyPage } from './views/SurveyPage.js';

const TokenParams = Type.Object({
  locale: Type.String({ maxLength: 20 }),
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }),
});
// The questions are the authority's data: their fields are `q-<key>`; anything else is refused.
const SurveyBody = Type.Record(
  Type.String({ pattern: '^(_csrf|q-[a-z][a-z0-9_]{0,39})$' }),
  Type.String({ maxLength: 4000 }),
  {
    maxProperties: 30,
  },
);

type SurveyRequest = FastifyRequest<{ Params: Static<typeof TokenParams>; Body: Static<typeof SurveyBody> }>;

/** The survey link of an invitation: answer once (`/{locale}/survey/{token}`), then the thank-you page. */
export async function feedbackRoutes(app: FastifyInstance, { config, portal }: AppDeps): Promise<void> {
  const secure = config.env === 'production';

  const renderForm = async (
    request: FastifyRequest<{ Params: Static<typeof TokenParams> }>,
    reply: FastifyReply,
    form: {
      values: SurveyValues;
      errors: readonly SurveyFormError[];
      expired: boolean;
      questions?: readonly SurveyQuestion[];
    },
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    reply.header('cache-control', 'no-store');
    let questions = form.questions;
    if (!questions) {
      const state = await findSurvey({ token: request.params.token, locale }, ctx);
      if (state.status === 'unknown') throw new HttpProblem(404, 'notFound');
      if (state.status === 'answered') {
        return sendPage(
          reply,
          NoticePage({
            page,
            title: page.t.t('feedback.answered.title'),
            text: page.t.t('feedback.answered.text'),
            link: { href: href(page, '/'), label: page.t.t('nav.start') },
            status: 'info',
          }),
        );
      }
      questions = state.questions;
    }
    const action = href(page, `/survey/${request.params.token}`);
    return sendPage(
      reply,
      SurveyPage({ page, questions, form: { ...form, action, csrf: csrfToken(request, reply, secure) } }),
      status,
    );
  };

  app.get<{ Params: Static<typeof LocaleParams> }>(
    '/:locale/survey/thanks',
    { schema: { params: LocaleParams, hide: true } },
    async (request, reply) => {
      const { page } = await publicPage(portal, localeOf(request.params), request);
      return sendPage(
        reply,
        NoticePage({
          page,
          title: page.t.t('feedback.thanks.title'),
          text: page.t.t('feedback.thanks.text'),
          link: { href: href(page, '/'), label: page.t.t('nav.start') },
          status: 'success',
        }),
      );
    },
  );

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/:locale/survey/:token',
    { schema: { params: TokenParams, hide: true } },
    (request, reply) => renderForm(request, reply, { values: {}, errors: [], expired: false }, 200),
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof SurveyBody> }>(
    '/:locale/survey/:token',
    {
      schema: { params: TokenParams, body: SurveyBody, hide: true },
      config: {
        rateLimit: { max: 30, timeWindow: '1 hour' },
        csrf: csrfForm((request: SurveyRequest, reply) =>
          renderForm(request, reply, { values: request.body ?? {}, errors: [], expired: true }, 403),
        ),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await answerSurvey({ token: request.params.token, locale, values: request.body }, ctx);
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      if (!result.ok && result.reason === 'invalid') {
        const { errors, questions } = result;
        return renderForm(request, reply, { values: request.body, errors, expired: false, questions }, 400);
      }
      // Answered now, or already before (a second click, a reload): the same thank-you page, nothing new stored.
      return reply.redirect(`/${locale}/survey/thanks`, 303);
    },
  );
}
