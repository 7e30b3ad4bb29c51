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
import { confirmBooking } from './confirm-booking.js';
import { findFreeWeek, findServiceAvailability } from './find-free-slots.js';
import { holdSlot, type HoldRefusal } from './hold-slot.js';
import { heldAppointment } from './held-appointment.js';
import { holdCookie, parseInstant, PersonBody, personFrom, setHoldCookie, UUID_PATTERN } from '../http.js';
import { emptyPerson } from '../../platform/forms/PersonFields.js';
import { PowGate } from '../../platform/http/pow-gate.js';
import { submitDetails } from './submit-details.js';
import { CodePage, DetailsPage, ServiceAppointmentsPage, WeekPage } from './views/BookingPages.js';
import { NoticePage } from '../../platform/layout/NoticePage.js';

type Deps = AppDeps & { readonly appointments: AppointmentDeps };

const Slug = Type.String({ maxLength: 100 });
const ServiceParams = Type.Object({ locale: Type.String({ maxLength: 20 }), service: Slug });
const WeekParams = Type.Object({ locale: Type.String({ maxLength: 20 }), service: Slug, location: Slug });
const WeekQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 40 })) });
const HoldBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  startsAt: Type.Optional(Type.String({ maxLength: 100 })),
  altcha: Type.Optional(Type.String({ maxLength: 4000 })),
});
const IdParams = Type.Object({ locale: Type.String({ maxLength: 20 }), id: Type.String({ pattern: UUID_PATTERN }) });
const CodeQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 20 })) });
const CodeBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  code: Type.Optional(Type.String({ maxLength: 100 })),
});

const HOLD_NOTICES: Record<HoldRefusal | 'pow' | 'csrf', MessageKey> = {
  unknownService: 'booking.notice.notOffered',
  drawOnly: 'booking.notice.notOffered',
  past: 'booking.notice.past',
  notOffered: 'booking.notice.notOffered',
  taken: 'booking.notice.taken',
  pow: 'booking.notice.pow',
  csrf: 'booking.notice.csrf',
};

/** Public booking: choose a place and time, hold it, say who comes, confirm with the code from the e-mail. */
export async function appointmentRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';
  const gate = new PowGate(
    deps.limits.counters,
    deps.appointments.identitySecret.toString('hex'),
    deps.config.powAboveHoldsPerMinute,
  );

  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/:locale/appointments/:service',
    { schema: { params: ServiceParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const found = await findServiceAvailability({ serviceSlug: request.params.service, locale }, ctx);
      if (!found) throw new HttpProblem(404, 'notFound');
      return sendPage(reply, ServiceAppointmentsPage({ page, ...found }));
    },
  );

  const renderWeek = async (
    request: FastifyRequest<{ Params: Static<typeof WeekParams>; Querystring: Static<typeof WeekQuery> }>,
    reply: FastifyReply,
    notice: MessageKey | null,
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const week = await findFreeWeek(
      { serviceSlug: request.params.service, locationSlug: request.params.location, from: request.query.from, locale },
      ctx,
    );
    if (!week) throw new HttpProblem(404, 'notFound');
    const path = `/appointments/${week.service.slug}/${week.location.slug}`;
    return sendPage(
      reply,
      WeekPage({
        page: { ...page, path },
        title: page.t.t('booking.weekTitle', { service: week.service.name }),
        week: {
          ...week,
          action: href(page, `${path}/hold`),
          pagePath: href(page, path),
          csrf: csrfToken(request, reply, secure),
          challenge: (await gate.required()) ? await gate.challenge() : null,
          notice,
        },
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof WeekParams>; Querystring: Static<typeof WeekQuery> }>(
    '/:locale/appointments/:service/:location',
    { schema: { params: WeekParams, querystring: WeekQuery, hide: true } },
    (request, reply) => renderWeek(request, reply, null, 200),
  );

  app.post<{ Params: Static<typeof WeekParams>; Querystring: Static<typeof WeekQuery>; Body: Static<typeof HoldBody> }>(
    '/:locale/appointments/:service/:location/hold',
    {
      schema: { params: WeekParams, querystring: WeekQuery, body: HoldBody, hide: true },
      config: {
        rateLimit: { max: deps.config.bookingHoldsPerIpHour, timeWindow: '1 hour' },
        csrf: csrfForm<{ Params: Static<typeof WeekParams>; Querystring: Static<typeof WeekQuery> }>((request, reply) =>
          renderWeek(request, reply, HOLD_NOTICES.csrf, 403),
        ),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const refuse = (notice: MessageKey, status: number) => renderWeek(request, reply, notice, status);
      const needsWork = await gate.hit();
      if (needsWork && !(await gate.verify(request.body.altcha))) return refuse(HOLD_NOTICES.pow, 429);
      const startsAt = parseInstant(request.body.startsAt);
      if (!startsAt) return refuse(HOLD_NOTICES.notOffered, 400);
      const { ctx } = await publicPage(portal, locale, request);
      const held = await holdSlot(
        {
          serviceSlug: request.params.service,
          locationSlug: request.params.location,
          startsAt,
          replacesHold: holdCookie(request),
        },
        ctx,
      );
      if (!held.ok) return refuse(HOLD_NOTICES[held.reason], held.reason === 'taken' ? 409 : 400);
      setHoldCookie(reply, held.holdToken, secure);
      return reply.redirect(`/${locale}/appointments/booking/${held.appointmentId}`, 303);
    },
  );

  const renderDetails = async (
    request: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    reply: FastifyReply,
    form: {
      values: ReturnType<typeof emptyPerson>;
      errors: Parameters<typeof DetailsPage>[0]['form']['errors'];
      notice: MessageKey | null;
    },
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const held = await heldAppointment(
      { appointmentId: request.params.id, holdToken: holdCookie(request) ?? '', locale },
      ctx,
    );
    if (!held) return expiredHold(reply, page, 410);
    return sendPage(
      reply,
      DetailsPage({
        page,
        summary: held,
        heldUntil: held.heldUntil,
        action: href(page, `/appointments/booking/${request.params.id}`),
        form: { ...form, csrf: csrfToken(request, reply, secure) },
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof IdParams> }>(
    '/:locale/appointments/booking/:id',
    { schema: { params: IdParams, hide: true } },
    (request, reply) =>
      renderDetails(request, reply, { values: emptyPerson(request.params.locale), errors: [], notice: null }, 200),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PersonBody> }>(
    '/:locale/appointments/booking/:id',
    {
      schema: { params: IdParams, body: PersonBody, hide: true },
      config: {
        rateLimit: { max: deps.config.bookingHoldsPerIpHour, timeWindow: '1 hour' },
        csrf: csrfForm<{ Params: Static<typeof IdParams>; Body: Static<typeof PersonBody> }>((request, reply) =>
          renderDetails(
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
      const { page, ctx } = await publicPage(portal, locale, request);
      const result = await submitDetails(
        { appointmentId: request.params.id, holdToken: holdCookie(request) ?? '', input: values, locale },
        ctx,
        deps.appointments,
      );
      if (result.ok) return reply.redirect(`/${locale}/appointments/confirm/${result.appointmentId}`, 303);
      if (result.reason === 'invalid')
        return renderDetails(request, reply, { values, errors: result.errors, notice: null }, 400);
      if (result.reason === 'expired') return expiredHold(reply, page, 410);
      return renderDetails(
        request,
        reply,
        {
          values,
          errors: [],
          notice: result.reason === 'alreadyBooked' ? 'booking.notice.alreadyBooked' : 'booking.notice.tooManyAttempts',
        },
        409,
      );
    },
  );

  const renderCode = async (
    request: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    reply: FastifyReply,
    code: string,
    error: MessageKey | null,
    values: Record<string, string | number>,
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page } = await publicPage(portal, locale, request);
    return sendPage(
      reply,
      CodePage({
        page,
        title: page.t.t('booking.codeTitle'),
        intro: page.t.t('booking.codeIntro'),
        code,
        csrf: csrfToken(request, reply, secure),
        action: href(page, `/appointments/confirm/${request.params.id}`),
        error: error ? page.t.t(error, values) : null,
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof CodeQuery> }>(
    '/:locale/appointments/confirm/:id',
    { schema: { params: IdParams, querystring: CodeQuery, hide: true } },
    (request, reply) => renderCode(request, reply, request.query.code ?? '', null, {}, 200),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CodeBody> }>(
    '/:locale/appointments/confirm/:id',
    {
      schema: { params: IdParams, body: CodeBody, hide: true },
      config: {
        rateLimit: { max: 60, timeWindow: '1 hour' },
        csrf: csrfForm<{ Params: Static<typeof IdParams>; Body: Static<typeof CodeBody> }>((request, reply) =>
          renderCode(request, reply, (request.body.code ?? '').trim(), 'booking.notice.csrf', {}, 403),
        ),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const code = (request.body.code ?? '').trim();
      const { page, ctx } = await publicPage(portal, locale, request);
      const result = await confirmBooking(
        { appointmentId: request.params.id, code, authorityName: page.siteName },
        ctx,
        deps.appointments,
      );
      if (result.ok) return reply.redirect(`/${locale}/appointments/manage/${result.manageToken}?notice=booked`, 303);
      if (result.reason === 'wrongCode')
        return renderCode(request, reply, code, 'booking.error.wrongCode', { left: result.attemptsLeft }, 400);
      const [title, text, status] = CONFIRM_REFUSALS[result.reason];
      return sendPage(
        reply,
        NoticePage({
          page,
          title: page.t.t(title),
          text: page.t.t(text),
          status: result.reason === 'alreadyConfirmed' ? 'info' : 'danger',
          link: { href: href(page, '/services'), label: page.t.t('booking.startAgain') },
        }),
        status,
      );
    },
  );
}

const CONFIRM_REFUSALS: Record<
  'tooManyWrong' | 'expired' | 'alreadyConfirmed' | 'unknown',
  [MessageKey, MessageKey, number]
> = {
  tooManyWrong: ['booking.refused.tooManyWrong.title', 'booking.refused.tooManyWrong.text', 400],
  expired: ['booking.refused.expired.title', 'booking.refused.expired.text', 410],
  alreadyConfirmed: ['booking.refused.alreadyConfirmed.title', 'booking.refused.alreadyConfirmed.text', 200],
  unknown: ['booking.refused.expired.title', 'booking.refused.expired.text', 404],
};

function expiredHold(reply: FastifyReply, page: Awaited<ReturnType<typeof publicPage>>['page'], status: number) {
  return sendPage(
    reply,
    NoticePage({
      page,
      title: page.t.t('booking.refused.holdExpired.title'),
      text: page.t.t('booking.refused.holdExpired.text'),
      status: 'warning',
      link: { href: href(page, '/services'), label: page.t.t('booking.startAgain') },
    }),
    status,
  );
}
