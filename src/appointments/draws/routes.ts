import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.js';
import type { AppointmentDeps } from '../appointments-deps.js';

import { csrfForm, csrfToken } from '../../platform/http/csrf.js';
import { HttpProblem } from '../../platform/http/errors.js';
import { localeOf } from '../../platform/http/locale-param.js';
import { sendPage } from '../../platform/http/render.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';
import { href } from '../../platform/layout/page.js';
import { publicPage } from '../../platform/http/public-page.js';
import { findPublicDraw } from './find-public-draw.js';
import { PersonBody, personFrom, UUID_PATTERN } from '../http.js';
import type { PersonError, PersonInput } from '../../platform/forms/person-form.js';
import { confirmDrawRegistration, registerForDraw } from './register-for-draw.js';
import { CodePage } from '../booking/views/BookingPages.js';
import { NoticePage } from '../../platform/layout/NoticePage.js';
import { DrawPage } from './views/DrawPage.js';
import { emptyPerson } from '../../platform/forms/PersonFields.js';
import { DrawJson, presentDraw } from './presenters.js';

type Deps = AppDeps & { readonly appointments: AppointmentDeps };

const IdParams = Type.Object({ locale: Type.String({ maxLength: 20 }), id: Type.String({ pattern: UUID_PATTERN }) });
const ApiParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });
const RegisteredQuery = Type.Object({
  registered: Type.Optional(Type.String({ maxLength: 20 })),
  merged: Type.Optional(Type.String({ maxLength: 5 })),
  code: Type.Optional(Type.String({ maxLength: 20 })),
});
const CodeBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  code: Type.Optional(Type.String({ maxLength: 100 })),
});

/** Draws for scarce services: the public page (register, verify), the code step, and the JSON for recomputing. */
export async function drawRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';

  const renderDraw = async (
    request: FastifyRequest<{ Params: Static<typeof IdParams>; Querystring: Static<typeof RegisteredQuery> }>,
    reply: FastifyReply,
    form: { values: PersonInput; errors: readonly PersonError[]; notice: MessageKey | null },
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const found = await findPublicDraw({ id: request.params.id, locale }, ctx);
    if (!found) throw new HttpProblem(404, 'notFound');
    const pseudonym = request.query.registered;
    const registered =
      pseudonym && /^R-[0-9A-Z]{6}$/.test(pseudonym) ? { pseudonym, merged: request.query.merged === '1' } : null;
    return sendPage(
      reply,
      DrawPage({ page, ...found, form: { ...form, csrf: csrfToken(request, reply, secure) }, registered }),
      status,
    );
  };

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof RegisteredQuery> }>(
    '/:locale/draws/:id',
    { schema: { params: IdParams, querystring: RegisteredQuery, hide: true } },
    (request, reply) =>
      renderDraw(request, reply, { values: emptyPerson(request.params.locale), errors: [], notice: null }, 200),
  );

  app.post<{
    Params: Static<typeof IdParams>;
    Querystring: Static<typeof RegisteredQuery>;
    Body: Static<typeof PersonBody>;
  }>(
    '/:locale/draws/:id/register',
    {
      schema: { params: IdParams, querystring: RegisteredQuery, body: PersonBody, hide: true },
      config: {
        rateLimit: { max: deps.config.bookingHoldsPerIpHour, timeWindow: '1 hour' },
        csrf: csrfForm<{
          Params: Static<typeof IdParams>;
          Querystring: Static<typeof RegisteredQuery>;
          Body: Static<typeof PersonBody>;
        }>((request, reply) =>
          renderDraw(
            request,
            reply,
            { values: personFrom(request.body, localeOf(request.params)), errors: [], notice: 'booking.notice.csrf' },
            403,
          ),
        ),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const values = personFrom(request.body, locale);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await registerForDraw(
        { roundId: request.params.id, input: values, pageLocale: locale },
        ctx,
        deps.appointments,
      );
      if (result.ok) return reply.redirect(`/${locale}/draws/confirm/${result.registrationId}`, 303);
      if (result.reason === 'invalid')
        return renderDraw(request, reply, { values, errors: result.errors, notice: null }, 400);
      return renderDraw(
        request,
        reply,
        {
          values,
          errors: [],
          notice: result.reason === 'closed' ? 'draw.notice.closed' : 'booking.notice.tooManyAttempts',
        },
        409,
      );
    },
  );

  const renderCode = async (
    request: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    reply: FastifyReply,
    code: string,
    error: string | null,
    status: number,
  ) => {
    const { page } = await publicPage(portal, localeOf(request.params), request);
    return sendPage(
      reply,
      CodePage({
        page,
        title: page.t.t('draw.codeTitle'),
        intro: page.t.t('booking.codeIntro'),
        code,
        csrf: csrfToken(request, reply, secure),
        action: href(page, `/draws/confirm/${request.params.id}`),
        error,
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof RegisteredQuery> }>(
    '/:locale/draws/confirm/:id',
    { schema: { params: IdParams, querystring: RegisteredQuery, hide: true } },
    (request, reply) => renderCode(request, reply, request.query.code ?? '', null, 200),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CodeBody> }>(
    '/:locale/draws/confirm/:id',
    {
      schema: { params: IdParams, body: CodeBody, hide: true },
      config: {
        rateLimit: { max: 60, timeWindow: '1 hour' },
        csrf: csrfForm<{ Params: Static<typeof IdParams>; Body: Static<typeof CodeBody> }>(async (request, reply) => {
          const { page } = await publicPage(portal, localeOf(request.params), request);
          return renderCode(request, reply, (request.body.code ?? '').trim(), page.t.t('booking.notice.csrf'), 403);
        }),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const code = (request.body.code ?? '').trim();
      const { page, ctx } = await publicPage(portal, locale, request);
      const result = await confirmDrawRegistration({ registrationId: request.params.id, code }, ctx, deps.appointments);
      if (result.ok)
        return reply.redirect(
          `/${locale}/draws/${result.roundId}?registered=${result.pseudonym}${result.merged ? '&merged=1' : ''}`,
          303,
        );
      if (result.reason === 'wrongCode')
        return renderCode(
          request,
          reply,
          code,
          page.t.t('booking.error.wrongCode', { left: result.attemptsLeft }),
          400,
        );
      const key = result.reason === 'tooManyWrong' ? 'booking.refused.tooManyWrong' : 'booking.refused.expired';
      return sendPage(
        reply,
        NoticePage({
          page,
          title: page.t.t(`${key}.title`),
          text: page.t.t(`${key}.text`),
          status: 'danger',
          link: null,
        }),
        400,
      );
    },
  );

  app.get<{ Params: Static<typeof ApiParams> }>(
    '/api/v1/draws/:id',
    {
      schema: {
        params: ApiParams,
        response: { 200: DrawJson },
        summary: 'A draw round: commitment, pseudonymous registrations and, after the draw, seed and allocation',
        description: 'Everything needed to recompute a draw independently. `algorithm` describes the exact procedure.',
        tags: ['draws'],
      },
    },
    async (request) => {
      const { ctx } = await publicPage(portal, 'de', request);
      const found = await findPublicDraw({ id: request.params.id, locale: 'de' }, ctx);
      if (!found) throw new HttpProblem(404, 'notFound');
      return presentDraw(found.draw);
    },
  );
}
