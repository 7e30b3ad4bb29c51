import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.js';
import type { AppointmentDeps } from '../appointments-deps.js';

import { csrfForm, CsrfField, csrfToken } from '../../platform/http/csrf.js';
import { HttpProblem } from '../../platform/http/errors.js';
import { localeOf } from '../../platform/http/locale-param.js';
import { sendPage } from '../../platform/http/render.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';
import { href } from '../../platform/layout/page.js';
import { publicPage } from '../../platform/http/public-page.js';
import { answerOffer, findOffer } from '../draws/answer-offer.js';
import { cancelAppointment } from './cancel-appointment.js';
import { findFreeWeek } from '../booking/find-free-slots.js';
import { findManagedAppointment } from './find-managed-appointment.js';
import { parseInstant, TOKEN_PATTERN } from '../http.js';
import { moveAppointment } from './move-appointment.js';
import { WeekPage } from '../booking/views/BookingPages.js';
import { NoticePage } from '../../platform/layout/NoticePage.js';
import { ManagePage, OfferPage, type ManageNotice } from './views/ManagePage.js';

type Deps = AppDeps & { readonly appointments: AppointmentDeps };

const TokenParams = Type.Object({
  locale: Type.String({ maxLength: 20 }),
  token: Type.String({ pattern: TOKEN_PATTERN }),
});
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
const MoveQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  location: Type.Optional(Type.String({ maxLength: 100 })),
});
const CancelBody = Type.Object({ ...CsrfField, confirm: Type.Optional(Type.String({ maxLength: 10 })) });
// The location of the move is in the query (the form's action), as on the week page it came from.
const MoveBody = Type.Object({ ...CsrfField, startsAt: Type.Optional(Type.String({ maxLength: 100 })) });
const OfferBody = Type.Object({ ...CsrfField });

const NOTICES = new Set(['booked', 'moved', 'cancelled']);
const MOVE_NOTICES: Record<string, MessageKey> = {
  taken: 'booking.notice.taken',
  past: 'booking.notice.past',
  notOffered: 'booking.notice.notOffered',
  csrf: 'booking.notice.csrf',
  notMovable: 'manage.notCancellable',
};

type TokenRequest = FastifyRequest<{ Params: Static<typeof TokenParams>; Querystring: Static<typeof MoveQuery> }>;

/** The link in the e-mail: see, cancel (POST with confirmation) or move the appointment; answer a waitlist offer. */
export async function manageRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';

  const renderManage = async (
    request: FastifyRequest<{ Params: Static<typeof TokenParams> }>,
    reply: FastifyReply,
    notice: ManageNotice,
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const view = await findManagedAppointment({ token: request.params.token, locale }, ctx);
    if (!view) throw new HttpProblem(404, 'notFound');
    return sendPage(
      reply,
      ManagePage({
        page: { ...page, path: '/services' },
        view,
        token: request.params.token,
        csrf: csrfToken(request, reply, secure),
        notice,
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof TokenParams>; Querystring: Static<typeof NoticeQuery> }>(
    '/:locale/appointments/manage/:token',
    { schema: { params: TokenParams, querystring: NoticeQuery, hide: true } },
    (request, reply) =>
      renderManage(
        request,
        reply,
        NOTICES.has(request.query.notice ?? '') ? (request.query.notice as ManageNotice) : null,
        200,
      ),
  );

  // Only an explicit "yes" with a valid form cancels: link scanners, accidental clicks and stale forms never do.
  const confirmMissing = (request: FastifyRequest<{ Params: Static<typeof TokenParams> }>, reply: FastifyReply) =>
    renderManage(request, reply, 'confirmMissing', 400);
  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof CancelBody> }>(
    '/:locale/appointments/manage/:token/cancel',
    {
      schema: { params: TokenParams, body: CancelBody, hide: true },
      config: { rateLimit: { max: 30, timeWindow: '1 hour' }, csrf: csrfForm(confirmMissing) },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      if (request.body.confirm !== 'yes') return confirmMissing(request, reply);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await cancelAppointment({ manageToken: request.params.token }, ctx, deps.appointments);
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      if (!result.ok) return renderManage(request, reply, 'notCancellable', 409);
      return reply.redirect(`/${locale}/appointments/manage/${request.params.token}?notice=cancelled`, 303);
    },
  );

  const renderMove = async (request: TokenRequest, reply: FastifyReply, notice: MessageKey | null, status: number) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const view = await findManagedAppointment({ token: request.params.token, locale }, ctx);
    if (!view) throw new HttpProblem(404, 'notFound');
    const locationSlug = request.query.location ?? view.location.slug;
    const week = await findFreeWeek(
      { serviceSlug: view.service.slug, locationSlug, from: request.query.from, locale },
      ctx,
    );
    if (!week) throw new HttpProblem(404, 'notFound');
    const path = `/appointments/manage/${request.params.token}/move`;
    return sendPage(
      reply,
      WeekPage({
        page: { ...page, path: '/services' },
        title: page.t.t('manage.moveTitle'),
        week: {
          ...week,
          action: `${href(page, path)}?location=${week.location.slug}`,
          pagePath: href(page, path),
          csrf: csrfToken(request, reply, secure),
          challenge: null,
          notice,
        },
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof TokenParams>; Querystring: Static<typeof MoveQuery> }>(
    '/:locale/appointments/manage/:token/move',
    { schema: { params: TokenParams, querystring: MoveQuery, hide: true } },
    (request, reply) => renderMove(request, reply, null, 200),
  );

  app.post<{
    Params: Static<typeof TokenParams>;
    Querystring: Static<typeof MoveQuery>;
    Body: Static<typeof MoveBody>;
  }>(
    '/:locale/appointments/manage/:token/move',
    {
      schema: { params: TokenParams, querystring: MoveQuery, body: MoveBody, hide: true },
      config: {
        rateLimit: { max: 30, timeWindow: '1 hour' },
        csrf: csrfForm((request: TokenRequest, reply) => renderMove(request, reply, MOVE_NOTICES.csrf!, 403)),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const startsAt = parseInstant(request.body.startsAt);
      if (!startsAt) return renderMove(request, reply, MOVE_NOTICES.notOffered!, 400);
      const { page, ctx } = await publicPage(portal, locale, request);
      const view = await findManagedAppointment({ token: request.params.token, locale }, ctx);
      if (!view) throw new HttpProblem(404, 'notFound');
      const week = await findFreeWeek(
        {
          serviceSlug: view.service.slug,
          locationSlug: request.query.location ?? view.location.slug,
          from: undefined,
          locale,
        },
        ctx,
      );
      if (!week) throw new HttpProblem(404, 'notFound');
      const result = await moveAppointment(
        { manageToken: request.params.token, locationId: week.location.id, startsAt, authorityName: page.siteName },
        ctx,
        deps.appointments,
      );
      if (result.ok) return reply.redirect(`/${locale}/appointments/manage/${request.params.token}?notice=moved`, 303);
      if (result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      return renderMove(request, reply, MOVE_NOTICES[result.reason]!, 409);
    },
  );

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/:locale/appointments/offer/:token',
    { schema: { params: TokenParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const view = await findOffer({ token: request.params.token }, ctx);
      if (view?.status !== 'offered') {
        return sendPage(
          reply,
          NoticePage({
            page,
            title: page.t.t('offer.goneTitle'),
            text: page.t.t('offer.goneText'),
            status: 'warning',
            link: null,
          }),
          410,
        );
      }
      return sendPage(
        reply,
        OfferPage({ page, view, token: request.params.token, csrf: csrfToken(request, reply, secure) }),
      );
    },
  );

  for (const answer of ['accept', 'decline'] as const) {
    // A stale form: back to the offer, whose fresh form answers it.
    const backToOffer = (request: FastifyRequest<{ Params: Static<typeof TokenParams> }>, reply: FastifyReply) =>
      reply.redirect(`/${localeOf(request.params)}/appointments/offer/${request.params.token}`, 303);
    app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof OfferBody> }>(
      `/:locale/appointments/offer/:token/${answer}`,
      {
        schema: { params: TokenParams, body: OfferBody, hide: true },
        config: { rateLimit: { max: 30, timeWindow: '1 hour' }, csrf: csrfForm(backToOffer) },
      },
      async (request, reply) => {
        const locale = localeOf(request.params);
        const { page, ctx } = await publicPage(portal, locale, request);
        const result = await answerOffer(
          { token: request.params.token, accept: answer === 'accept', authorityName: page.siteName },
          ctx,
          deps.appointments,
        );
        if (result.ok && result.accepted) {
          return sendPage(
            reply,
            NoticePage({
              page,
              title: page.t.t('offer.acceptedTitle'),
              text: page.t.t('offer.acceptedText'),
              status: 'success',
              link: null,
            }),
          );
        }
        const [title, text] = result.ok
          ? (['offer.declinedTitle', 'offer.declinedText'] as const)
          : (['offer.goneTitle', 'offer.goneText'] as const);
        return sendPage(
          reply,
          NoticePage({
            page,
            title: page.t.t(title),
            text: page.t.t(text),
            status: result.ok ? 'info' : 'warning',
            link: null,
          }),
          result.ok ? 200 : 410,
        );
      },
    );
  }
}
