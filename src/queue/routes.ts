import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { AppDeps } from '../platform/app-deps.js';
import type { QueueDeps } from './queue-deps.js';

import { csrfForm, csrfToken } from '../platform/http/csrf.js';
import { HttpProblem } from '../platform/http/errors.js';
import { openEventStream } from '../platform/http/event-stream.js';
import { localeOf } from '../platform/http/locale-param.js';
import { sendPage } from '../platform/http/render.js';
import type { MessageKey } from '../platform/i18n/catalogues.js';
import { isLocale, type Locale } from '../platform/i18n/locales.js';
import { translator } from '../platform/i18n/translator.js';
import { publicPage } from '../platform/http/public-page.js';
import { cancelTicket } from './cancel-ticket.js';
import { checkInAtKiosk, type KioskCheckInRefusal } from './check-in-at-kiosk.js';
import { kioskMenu } from './find-kiosk.js';
import { findLocation } from './find-location.js';
import { findTicket } from './find-ticket.js';
import { issueTicket, type IssueRefusal } from './issue-ticket.js';
import type { Snapshot } from './live.js';
import { displayCalls, ticketState } from './queue-views.js';
import type { IssuedTicket } from './tickets.js';
import { DisplayPage } from './views/DisplayPage.js';
import { KioskCodePage, KioskLanguagePage, KioskMenuPage, KioskTicketPage, NotKioskPage } from './views/KioskPages.js';
import { TicketPage, ticketText } from './views/TicketPage.js';
import { isUuid } from '../platform/ids.js';

type Deps = AppDeps & { readonly queue: QueueDeps };

/** The kiosk's cookie: an enrolled tablet carries it (set in the staff area), nobody else does. */
export const KIOSK_COOKIE = 'wk_kiosk';

const Slug = Type.String({ maxLength: 100 });
const Short = Type.Optional(Type.String({ maxLength: 200 }));
const LocationParams = Type.Object({ location: Slug });
const KioskParams = Type.Object({ location: Slug, locale: Type.String({ maxLength: 20 }) });
const TicketBody = Type.Object({ _csrf: Short, serviceId: Short, kind: Short });
const CodeBody = Type.Object({ _csrf: Short, code: Short });
const TicketParams = Type.Object({ locale: Type.String({ maxLength: 20 }), token: Type.String({ maxLength: 200 }) });
const CancelBody = Type.Object({ _csrf: Short });

const REFUSALS: Record<IssueRefusal | KioskCheckInRefusal | 'csrf', MessageKey> = {
  unknownLocation: 'queue.kiosk.error.unknownService',
  notKiosk: 'queue.kiosk.notKiosk',
  unknownService: 'queue.kiosk.error.unknownService',
  full: 'queue.kiosk.error.full',
  unknown: 'queue.kiosk.error.unknown',
  otherLocation: 'queue.kiosk.error.otherLocation',
  otherDay: 'queue.kiosk.error.otherDay',
  notBooked: 'queue.kiosk.error.notBooked',
  csrf: 'queue.kiosk.error.csrf',
};

/** The entrance kiosk, the waiting-room display and the phone page of a ticket, with their live streams. */
export async function queueRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';
  const { live } = deps.queue;

  const kioskLocale = (params: { locale: string }): Locale => {
    if (!isLocale(params.locale)) throw new HttpProblem(404, 'notFound');
    return params.locale;
  };

  app.get<{ Params: Static<typeof LocationParams> }>(
    '/kiosk/:location',
    { schema: { params: LocationParams, hide: true } },
    async (request, reply) => {
      const { page, ctx } = await publicPage(portal, 'de', request);
      const menu = await kioskMenu(
        { locationSlug: request.params.location, token: request.cookies[KIOSK_COOKIE], locale: 'de' },
        ctx,
      );
      if (!menu) throw new HttpProblem(404, 'notFound');
      if (!menu.deviceId) return sendPage(reply, NotKioskPage({ page }), 403);
      return sendPage(
        reply,
        KioskLanguagePage({ page, locationSlug: menu.location.slug, locationName: menu.location.name }),
      );
    },
  );

  const renderMenu = async (
    request: FastifyRequest<{ Params: Static<typeof KioskParams> }>,
    reply: FastifyReply,
    notice: MessageKey | null,
    status: number,
  ) => {
    const locale = kioskLocale(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const menu = await kioskMenu(
      { locationSlug: request.params.location, token: request.cookies[KIOSK_COOKIE], locale },
      ctx,
    );
    if (!menu) throw new HttpProblem(404, 'notFound');
    if (!menu.deviceId) return sendPage(reply, NotKioskPage({ page }), 403);
    return sendPage(reply, KioskMenuPage({ page, menu, csrf: csrfToken(request, reply, secure), notice }), status);
  };
  app.get<{ Params: Static<typeof KioskParams> }>(
    '/kiosk/:location/:locale',
    { schema: { params: KioskParams, hide: true } },
    (request, reply) => renderMenu(request, reply, null, 200),
  );

  const showTicket = async (
    request: FastifyRequest<{ Params: Static<typeof KioskParams> }>,
    reply: FastifyReply,
    locale: Locale,
    ticket: IssuedTicket,
    appointment: boolean,
  ) => {
    const { page } = await publicPage(portal, locale, request);
    const phoneUrl = `${deps.queue.links.base}/${locale}/queue/${ticket.token}`;
    const qr = await QRCode.toDataURL(phoneUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    // The ticket's link is shown once and must not stay in the kiosk's history or any cache.
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      KioskTicketPage({
        page,
        locationSlug: request.params.location,
        number: ticket.number,
        qr,
        phoneUrl,
        appointment,
      }),
      201,
    );
  };

  app.post<{ Params: Static<typeof KioskParams>; Body: Static<typeof TicketBody> }>(
    '/kiosk/:location/:locale/tickets',
    {
      schema: { params: KioskParams, body: TicketBody, hide: true },
      config: {
        csrf: csrfForm<{ Params: Static<typeof KioskParams> }>((request, reply) =>
          renderMenu(request, reply, REFUSALS.csrf, 403),
        ),
      },
    },
    async (request, reply) => {
      const locale = kioskLocale(request.params);
      const serviceId = request.body.serviceId ?? '';
      if (!isUuid(serviceId)) return renderMenu(request, reply, REFUSALS.unknownService, 400);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await issueTicket(
        {
          locationSlug: request.params.location,
          kioskToken: request.cookies[KIOSK_COOKIE],
          serviceId,
          emergency: request.body.kind === 'emergency',
          locale,
        },
        ctx,
      );
      if (!result.ok)
        return renderMenu(
          request,
          reply,
          REFUSALS[result.reason],
          result.reason === 'notKiosk' ? 403 : result.reason === 'full' ? 409 : 400,
        );
      return showTicket(request, reply, locale, result.ticket, false);
    },
  );

  const renderCode = async (
    request: FastifyRequest<{ Params: Static<typeof KioskParams> }>,
    reply: FastifyReply,
    code: string,
    error: MessageKey | null,
    status: number,
  ) => {
    const locale = kioskLocale(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const menu = await kioskMenu(
      { locationSlug: request.params.location, token: request.cookies[KIOSK_COOKIE], locale },
      ctx,
    );
    if (!menu) throw new HttpProblem(404, 'notFound');
    if (!menu.deviceId) return sendPage(reply, NotKioskPage({ page }), 403);
    return sendPage(
      reply,
      KioskCodePage({ page, locationSlug: menu.location.slug, csrf: csrfToken(request, reply, secure), code, error }),
      status,
    );
  };
  app.get<{ Params: Static<typeof KioskParams> }>(
    '/kiosk/:location/:locale/appointment',
    { schema: { params: KioskParams, hide: true } },
    (request, reply) => renderCode(request, reply, '', null, 200),
  );
  app.post<{ Params: Static<typeof KioskParams>; Body: Static<typeof CodeBody> }>(
    '/kiosk/:location/:locale/appointment',
    {
      schema: { params: KioskParams, body: CodeBody, hide: true },
      config: {
        csrf: csrfForm<{ Params: Static<typeof KioskParams>; Body: Static<typeof CodeBody> }>((request, reply) =>
          renderCode(request, reply, request.body.code ?? '', REFUSALS.csrf, 403),
        ),
      },
    },
    async (request, reply) => {
      const locale = kioskLocale(request.params);
      const code = request.body.code ?? '';
      const { ctx } = await publicPage(portal, locale, request);
      const result = await checkInAtKiosk(
        { locationSlug: request.params.location, kioskToken: request.cookies[KIOSK_COOKIE], code, locale },
        ctx,
      );
      if (!result.ok)
        return renderCode(request, reply, code, REFUSALS[result.reason], result.reason === 'notKiosk' ? 403 : 400);
      return showTicket(request, reply, locale, result.ticket, true);
    },
  );

  app.get<{ Params: Static<typeof LocationParams> }>(
    '/display/:location',
    { schema: { params: LocationParams, hide: true } },
    async (request, reply) => {
      const { page, ctx } = await publicPage(portal, 'de', request);
      const location = await findLocation({ slug: request.params.location, locale: 'de' }, ctx);
      if (!location) throw new HttpProblem(404, 'notFound');
      const snapshot = await live.snapshot(ctx.authorityId, location.id);
      return sendPage(
        reply,
        DisplayPage({
          page,
          locationName: location.name,
          calls: displayCalls(snapshot.queue),
          eventsUrl: `/display/${location.slug}/events`,
        }),
      );
    },
  );

  app.get<{ Params: Static<typeof LocationParams> }>(
    '/display/:location/events',
    { schema: { params: LocationParams, hide: true } },
    async (request, reply) => {
      const { ctx } = await publicPage(portal, 'de', request);
      const location = await findLocation({ slug: request.params.location, locale: 'de' }, ctx);
      if (!location) throw new HttpProblem(404, 'notFound');
      await stream(request, reply, ctx.authorityId, location.id, (snapshot) =>
        JSON.stringify({ calls: displayCalls(snapshot.queue) }),
      );
    },
  );

  const renderTicket = async (
    request: FastifyRequest<{ Params: Static<typeof TicketParams> }>,
    reply: FastifyReply,
    notice: MessageKey | null,
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const ticket = await findTicket({ token: request.params.token }, ctx);
    if (!ticket) throw new HttpProblem(404, 'notFound');
    const snapshot = await live.snapshot(ctx.authorityId, ticket.locationId);
    const base = `/${locale}/queue/${request.params.token}`;
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return sendPage(
      reply,
      TicketPage({
        page: { ...page, path: `/queue/${request.params.token}` },
        number: ticket.number,
        text: ticketText(page.t, ticketState(snapshot.index, ticket.id)),
        eventsUrl: `${base}/events`,
        cancelAction: `${base}/cancel`,
        csrf: csrfToken(request, reply, secure),
        notice: notice ? page.t.t(notice) : null,
        surveyHref: ticket.servedWalkIn && deps.queue.surveyPath ? deps.queue.surveyPath(ticket.id, locale) : null,
      }),
      status,
    );
  };
  app.get<{ Params: Static<typeof TicketParams> }>(
    '/:locale/queue/:token',
    { schema: { params: TicketParams, hide: true } },
    (request, reply) => renderTicket(request, reply, null, 200),
  );

  app.post<{ Params: Static<typeof TicketParams>; Body: Static<typeof CancelBody> }>(
    '/:locale/queue/:token/cancel',
    {
      schema: { params: TicketParams, body: CancelBody, hide: true },
      config: {
        csrf: csrfForm<{ Params: Static<typeof TicketParams> }>((request, reply) =>
          renderTicket(request, reply, 'queue.kiosk.error.csrf', 403),
        ),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await cancelTicket({ token: request.params.token }, ctx);
      if (result === 'unknown') throw new HttpProblem(404, 'notFound');
      return renderTicket(request, reply, result === 'cancelled' ? 'queue.ticket.cancelled' : null, 200);
    },
  );

  app.get<{ Params: Static<typeof TicketParams> }>(
    '/:locale/queue/:token/events',
    { schema: { params: TicketParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const ticket = await findTicket({ token: request.params.token }, ctx);
      if (!ticket) throw new HttpProblem(404, 'notFound');
      const t = translator(locale);
      await stream(request, reply, ctx.authorityId, ticket.locationId, (snapshot) =>
        JSON.stringify(ticketText(t, ticketState(snapshot.index, ticket.id))),
      );
    },
  );

  /** One live stream: each new snapshot of the location is rendered for this client and sent when it changed. */
  async function stream(
    request: FastifyRequest,
    reply: FastifyReply,
    authorityId: string,
    locationId: string,
    render: (snapshot: Snapshot) => string,
  ): Promise<void> {
    let last = '';
    let unsubscribe: (() => void) | null = null;
    let gone = false;
    const events = openEventStream(request, reply, deps.streams, () => {
      gone = true;
      unsubscribe?.();
    });
    const off = await live.subscribe(authorityId, locationId, {
      update(snapshot) {
        const data = render(snapshot);
        if (data !== last) events.send('state', data);
        last = data;
      },
      close: () => events.close(),
    });
    if (gone) off();
    else unsubscribe = off;
  }
}
