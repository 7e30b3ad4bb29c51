import { type Static, type TObject, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bookingFacts } from '../../catalog/booking-facts.js';
import { listServices } from '../../catalog/list-services.js';
import { withTenant } from '../../platform/database/index.js';
import { list, staffPage, type StaffHttpDeps } from '../../platform/staff/staff-http.js';
import { MessagePage } from '../../platform/staff/components.js';
import type { Context } from '../../platform/context.js';
import type { AppDeps } from '../../platform/app-deps.js';
import type { AppointmentDeps } from '../appointments-deps.js';

import { HttpProblem } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/render.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { isAttendance } from './attendance.js';
import { bookForCaller } from './book-for-caller.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { configureCounters, type CounterChange } from './configure-counters.js';
import { locationSettings } from './counter-settings.js';
import { createDrawRound } from '../draws/create-draw-round.js';
import { findFreeWeek } from '../booking/find-free-slots.js';
import { staffHeldAppointment } from '../booking/held-appointment.js';
import { holdForCaller } from './hold-for-caller.js';
import { parseInstant, personFrom, PersonBody, UUID_PATTERN } from '../http.js';
import { listDay } from './list-day.js';
import { isDay } from '../../platform/clock/office-time.js';
import { findByCheckInCode, recordAttendance } from './record-attendance.js';
import { StaffDenied } from '../../identity/guard.js';
import { can } from '../../platform/access/policies.js';
import type { Channel } from '../booking/slots.js';
import { emptyPerson } from '../../platform/forms/PersonFields.js';
import { StaffBookPage, StaffCallerPage } from './views/StaffBookPages.js';
import { StaffDayPage } from './views/StaffDayPage.js';
import { StaffSettingsPage } from './views/StaffSettingsPage.js';

type Deps = AppDeps & { readonly appointments: AppointmentDeps };

const Short = Type.Optional(Type.String({ maxLength: 200 }));
const DayQuery = Type.Object({ location: Short, day: Short, notice: Short });
const IdParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });
// Checked in the handler, not the schema: the guard must refuse the unauthorised before any 400.
const NumericParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const CodeQuery = Type.Object({ code: Short });
const BookQuery = Type.Object({ location: Short, service: Short, channel: Short, from: Short });
const Uuid = Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: UUID_PATTERN })]));
const ServiceIds = Type.Optional(
  Type.Union([
    Type.String({ pattern: UUID_PATTERN }),
    Type.Array(Type.String({ pattern: UUID_PATTERN }), { maxItems: 200 }),
  ]),
);
const Weekdays = Type.Optional(
  Type.Union([Type.String({ maxLength: 2 }), Type.Array(Type.String({ maxLength: 2 }), { maxItems: 7 })]),
);
// Each form's own fields; what they say is checked by the use cases, which answer with the form's errors.
const AttendanceBody = Type.Object({ _csrf: Short, step: Short, back: Short });
const BookBody = Type.Object({ _csrf: Short, startsAt: Short });
const AddCounterBody = Type.Object({ _csrf: Short, label: Short });
const CounterBody = Type.Object({
  _csrf: Short,
  label: Short,
  staffUserId: Uuid,
  serviceIds: ServiceIds,
  active: Short,
});
const HoursBody = Type.Object({ _csrf: Short, weekdays: Weekdays, opens: Short, closes: Short, channel: Short });
const OpeningHoursBody = Type.Object({ _csrf: Short, weekdays: Weekdays, opens: Short, closes: Short });
const ClosedDayBody = Type.Object({ _csrf: Short, scope: Short, day: Short, reason: Short });
const RemoveBody = Type.Object({ _csrf: Short });
const DrawBody = Type.Object({ _csrf: Short, serviceId: Uuid, days: Short, slotsFrom: Short, slotsUntil: Short });

const CHANNELS: readonly Channel[] = ['staff', 'emergency', 'online'];

function staffContext(request: FastifyRequest, authorityId: string, deps: Deps): Context {
  return { pool: deps.db.pool, authorityId, actor: request.staff!.actor };
}

/** Caseworkers' day view, attendance, booking for callers; team leads' and admins' counter settings. */
export async function appointmentStaffRoutes(app: FastifyInstance, deps: Deps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest) => staffContext(request, request.staff!.actor.authorityId, deps);

  app.get<{ Querystring: Static<typeof DayQuery> }>(
    '/staff/appointments',
    { config: { staff: 'appointments.view' }, schema: { querystring: DayQuery, hide: true } },
    async (request, reply) => {
      const day = request.query.day && isDay(request.query.day) ? request.query.day : officeToday(Date.now());
      const view = await listDay({ locationSlug: request.query.location, day }, ctxOf(request));
      if (!view) throw new HttpProblem(404, 'notFound');
      const notice =
        request.query.notice === 'recorded'
          ? 'appt.day.recorded'
          : request.query.notice === 'notAllowed'
            ? 'appt.day.notAllowed'
            : request.query.notice === 'unknownCode'
              ? 'appt.day.codeUnknown'
              : null;
      return sendPage(reply, StaffDayPage({ page: await staffPage(request, http), view, notice }));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AttendanceBody> }>(
    '/staff/appointments/:id/attendance',
    { config: { staff: 'appointments.attend' }, schema: { params: IdParams, body: AttendanceBody, hide: true } },
    async (request, reply) => {
      const back = request.body.back?.startsWith('/staff/appointments?') ? request.body.back : '/staff/appointments?';
      if (!isAttendance(request.body.step)) return reply.redirect(`${back}&notice=notAllowed`, 303);
      const result = await recordAttendance(
        { appointmentId: request.params.id, step: request.body.step },
        ctxOf(request),
      );
      if (result === 'unknown') throw new HttpProblem(404, 'notFound');
      return reply.redirect(`${back}&notice=${result === 'ok' ? 'recorded' : 'notAllowed'}`, 303);
    },
  );

  // The QR code of a confirmation leads here (or the code is typed): found, the arrival is one click away.
  // An unknown code and one the caseworker may not attend get the same answer.
  const checkIn = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const id = await findByCheckInCode({ code }, ctxOf(request));
    const page = await staffPage(request, http);
    if (!id)
      return sendPage(
        reply,
        MessagePage({
          page,
          title: page.t.t('appt.day.checkIn'),
          text: page.t.t('appt.day.codeUnknown'),
          children: (
            <a class="kern-link" href="/staff/appointments">
              {page.t.t('staff.nav.appointments')}
            </a>
          ),
        }),
        404,
      );
    return sendPage(
      reply,
      MessagePage({
        page,
        title: page.t.t('appt.day.checkIn'),
        text: code.toUpperCase(),
        children: (
          <form method="post" action={`/staff/appointments/${id}/attendance`}>
            <input type="hidden" name="_csrf" value={page.staff!.csrf} />
            <input type="hidden" name="step" value="arrived" />
            <input type="hidden" name="back" value="/staff/appointments?" />
            <button class="kern-btn kern-btn--primary" type="submit">
              <span class="kern-label">{page.t.t('appt.step.arrived')}</span>
            </button>
          </form>
        ),
      }),
    );
  };
  app.get<{ Querystring: Static<typeof CodeQuery> }>(
    '/staff/check-in',
    { config: { staff: 'appointments.attend' }, schema: { querystring: CodeQuery, hide: true } },
    (request, reply) => checkIn(request, reply, request.query.code ?? ''),
  );
  app.get<{ Params: Static<typeof CodeParams> }>(
    '/staff/check-in/:code',
    { config: { staff: 'appointments.attend' }, schema: { params: CodeParams, hide: true } },
    (request, reply) => checkIn(request, reply, request.params.code),
  );

  await bookingRoutes(app, deps, http, ctxOf);
  await settingsRoutes(app, deps, http, ctxOf);
}

async function bookingRoutes(
  app: FastifyInstance,
  deps: Deps,
  http: StaffHttpDeps,
  ctxOf: (r: FastifyRequest) => Context,
): Promise<void> {
  const render = async (
    request: FastifyRequest<{ Querystring: Static<typeof BookQuery> }>,
    reply: FastifyReply,
    notice: StaffMessageKey | null,
    status: number,
  ) => {
    const page = await staffPage(request, http);
    const ctx = ctxOf(request);
    const actor = request.staff!.actor;
    // Only the services the caseworker may book (a public list, so filtered here by the same rule).
    const services = (await listServices({ locale: page.t.locale }, ctx))
      .filter((s) => can(actor, 'appointments.book', { authorityId: actor.authorityId, serviceId: s.id }))
      .map((s) => ({ slug: s.slug, name: s.name }));
    const settings = await locationSettings({ locationSlug: request.query.location, action: 'appointments.book' }, ctx);
    if (!settings) throw new HttpProblem(404, 'notFound');
    const channel = CHANNELS.find((c) => c === request.query.channel) ?? 'staff';
    const serviceSlug = services.find((s) => s.slug === request.query.service)?.slug ?? null;
    const week = serviceSlug
      ? await findFreeWeek(
          {
            serviceSlug,
            locationSlug: settings.location.slug,
            from: request.query.from,
            locale: page.t.locale,
            channel,
          },
          ctx,
        )
      : null;
    return sendPage(
      reply,
      StaffBookPage({
        page,
        locations: settings.locations,
        location: settings.location,
        services,
        serviceSlug,
        channel,
        week,
        notice,
      }),
      status,
    );
  };
  app.get<{ Querystring: Static<typeof BookQuery> }>(
    '/staff/appointments/book',
    { config: { staff: 'appointments.book' }, schema: { querystring: BookQuery, hide: true } },
    (request, reply) => render(request, reply, null, 200),
  );

  app.post<{ Querystring: Static<typeof BookQuery>; Body: Static<typeof BookBody> }>(
    '/staff/appointments/book',
    { config: { staff: 'appointments.book' }, schema: { querystring: BookQuery, body: BookBody, hide: true } },
    async (request, reply) => {
      const startsAt = parseInstant(request.body.startsAt);
      const ctx = ctxOf(request);
      const settings = await locationSettings(
        { locationSlug: request.query.location, action: 'appointments.book' },
        ctx,
      );
      if (!settings) throw new HttpProblem(404, 'notFound');
      if (!startsAt) return render(request, reply, 'appt.book.taken', 400);
      const channel = CHANNELS.find((c) => c === request.query.channel) ?? 'staff';
      const held = await holdForCaller(
        { serviceSlug: request.query.service ?? '', locationSlug: settings.location.slug, startsAt, channel },
        ctx,
      );
      if (!held.ok && held.reason === 'notAllowed') throw new StaffDenied('forbidden');
      if (!held.ok) return render(request, reply, 'appt.book.taken', 409);
      return reply.redirect(`/staff/appointments/book/${held.appointmentId}`, 303);
    },
  );

  const renderCaller = async (
    request: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    reply: FastifyReply,
    values: ReturnType<typeof emptyPerson>,
    errors: Parameters<typeof StaffCallerPage>[0]['errors'],
    notice: StaffMessageKey | null,
    status: number,
  ) => {
    const page = await staffPage(request, http);
    const held = await staffHeldAppointment({ appointmentId: request.params.id }, ctxOf(request));
    if (held === 'notAllowed') throw new HttpProblem(404, 'notFound');
    if (!held)
      return sendPage(
        reply,
        MessagePage({ page, title: page.t.t('appt.book.title'), text: page.t.t('appt.book.expired') }),
        410,
      );
    return sendPage(
      reply,
      StaffCallerPage({ page, held, values, errors, notice, action: `/staff/appointments/book/${request.params.id}` }),
      status,
    );
  };
  app.get<{ Params: Static<typeof IdParams> }>(
    '/staff/appointments/book/:id',
    { config: { staff: 'appointments.book' }, schema: { params: IdParams, hide: true } },
    (request, reply) => renderCaller(request, reply, emptyPerson('de'), [], null, 200),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PersonBody> }>(
    '/staff/appointments/book/:id',
    { config: { staff: 'appointments.book' }, schema: { params: IdParams, body: PersonBody, hide: true } },
    async (request, reply) => {
      const values = personFrom(request.body, 'de');
      const page = await staffPage(request, http);
      const result = await bookForCaller(
        { appointmentId: request.params.id, input: values, authorityName: page.siteName },
        ctxOf(request),
        deps.appointments,
      );
      if (result.ok)
        return sendPage(
          reply,
          MessagePage({
            page,
            title: page.t.t('appt.book.doneTitle'),
            text: page.t.t('appt.book.done', { reference: result.reference, code: result.checkInCode }),
          }),
        );
      if (result.reason === 'notAllowed') throw new HttpProblem(404, 'notFound');
      if (result.reason === 'invalid') return renderCaller(request, reply, values, result.errors, null, 400);
      if (result.reason === 'expired') return renderCaller(request, reply, values, [], null, 410);
      return renderCaller(request, reply, values, [], 'appt.book.already', 409);
    },
  );
}

async function settingsRoutes(
  app: FastifyInstance,
  deps: Deps,
  http: StaffHttpDeps,
  ctxOf: (r: FastifyRequest) => Context,
): Promise<void> {
  const LocationQuery = Type.Object({ location: Short, saved: Short });
  const render = async (
    request: FastifyRequest<{ Querystring: Static<typeof LocationQuery> }>,
    reply: FastifyReply,
    notices: StaffMessageKey[],
    status: number,
  ) => {
    const page = await staffPage(request, http);
    const ctx = ctxOf(request);
    const settings = await locationSettings(
      { locationSlug: request.query.location, action: 'appointments.configure' },
      ctx,
    );
    if (!settings) throw new HttpProblem(404, 'notFound');
    const services = await listServices({ locale: page.t.locale }, ctx);
    const names = new Map(services.map((s) => [s.id, s.name]));
    const drawSlugs = new Set(
      await drawServiceIds(
        ctx,
        settings.services.map((s) => s.id),
      ),
    );
    const actor = request.staff!.actor;
    const target = (serviceId: string) => ({
      authorityId: actor.authorityId,
      locationId: settings.location.id,
      serviceId,
    });
    // Draws are opened per service: only for those the team lead may configure here.
    const drawServices = settings.services
      .filter((s) => drawSlugs.has(s.id) && can(actor, 'appointments.configure', target(s.id)))
      .map((s) => ({ id: s.id, name: names.get(s.id) ?? s.slug }));
    const saved =
      request.query.saved === 'draw'
        ? ['appt.settings.drawOpened' as const]
        : request.query.saved === '1'
          ? ['appt.settings.saved' as const]
          : [];
    return sendPage(
      reply,
      StaffSettingsPage({ page, settings, serviceNames: names, drawServices, notices: [...saved, ...notices] }),
      status,
    );
  };
  app.get<{ Querystring: Static<typeof LocationQuery> }>(
    '/staff/appointments/settings',
    { config: { staff: 'appointments.configure' }, schema: { querystring: LocationQuery, hide: true } },
    (request, reply) => render(request, reply, [], 200),
  );

  const change = <B extends TObject>(
    url: string,
    body: B,
    toChange: (
      request: FastifyRequest<{
        Params: Record<string, string>;
        Body: Static<B>;
        Querystring: Static<typeof LocationQuery>;
      }>,
      locationId: string,
    ) => CounterChange,
    params?: typeof IdParams | typeof NumericParams,
  ) => {
    app.post<{ Params: Record<string, string>; Body: Static<B>; Querystring: Static<typeof LocationQuery> }>(
      url,
      {
        config: { staff: 'appointments.configure' },
        schema: { ...(params ? { params } : {}), querystring: LocationQuery, body, hide: true },
      },
      async (request, reply) => {
        if (params === NumericParams && !/^[0-9]{1,18}$/.test(request.params.id ?? ''))
          throw new HttpProblem(404, 'notFound');
        const settings = await locationSettings(
          { locationSlug: request.query.location, action: 'appointments.configure' },
          ctxOf(request),
        );
        if (!settings) throw new HttpProblem(404, 'notFound');
        const errors = await configureCounters(toChange(request, settings.location.id), ctxOf(request));
        if (errors === 'notFound') throw new HttpProblem(404, 'notFound');
        if (errors.length > 0)
          return render(
            request,
            reply,
            errors.map((e) => `appt.settings.error.${e}` as const),
            400,
          );
        return reply.redirect(`/staff/appointments/settings?location=${settings.location.slug}&saved=1`, 303);
      },
    );
  };
  change('/staff/appointments/settings/counters', AddCounterBody, (r, locationId) => ({
    op: 'addCounter',
    locationId,
    label: r.body.label ?? '',
  }));
  change(
    '/staff/appointments/settings/counters/:id',
    CounterBody,
    (r) => ({
      op: 'updateCounter',
      counterId: r.params.id!,
      label: r.body.label ?? '',
      staffUserId: r.body.staffUserId || null,
      serviceIds: list(r.body.serviceIds),
      active: r.body.active === 'yes',
    }),
    IdParams,
  );
  change(
    '/staff/appointments/settings/counters/:id/hours',
    HoursBody,
    (r) => ({
      op: 'addHours',
      counterId: r.params.id!,
      weekdays: list(r.body.weekdays),
      opens: r.body.opens ?? '',
      closes: r.body.closes ?? '',
      channel: r.body.channel ?? '',
    }),
    IdParams,
  );
  change(
    '/staff/appointments/settings/hours/:id/remove',
    RemoveBody,
    (r) => ({ op: 'removeHours', hoursId: r.params.id! }),
    NumericParams,
  );
  change('/staff/appointments/settings/opening-hours', OpeningHoursBody, (r, locationId) => ({
    op: 'addOpeningHours',
    locationId,
    weekdays: list(r.body.weekdays),
    opens: r.body.opens ?? '',
    closes: r.body.closes ?? '',
  }));
  change(
    '/staff/appointments/settings/opening-hours/:id/remove',
    RemoveBody,
    (r) => ({ op: 'removeOpeningHours', openingHoursId: r.params.id! }),
    NumericParams,
  );
  change('/staff/appointments/settings/closed-days', ClosedDayBody, (r, locationId) => ({
    op: 'addClosedDay',
    locationId: r.body.scope === 'all' ? null : locationId,
    day: r.body.day ?? '',
    reason: r.body.reason ?? '',
  }));
  change(
    '/staff/appointments/settings/closed-days/:id/remove',
    RemoveBody,
    (r) => ({ op: 'removeClosedDay', closedDayId: r.params.id! }),
    NumericParams,
  );

  app.post<{ Body: Static<typeof DrawBody>; Querystring: Static<typeof LocationQuery> }>(
    '/staff/appointments/settings/draws',
    {
      config: { staff: 'appointments.configure' },
      schema: { querystring: LocationQuery, body: DrawBody, hide: true },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const settings = await locationSettings(
        { locationSlug: request.query.location, action: 'appointments.configure' },
        ctx,
      );
      if (!settings) throw new HttpProblem(404, 'notFound');
      const serviceId = request.body.serviceId ?? '';
      if (
        !(await drawServiceIds(ctx, [serviceId])).includes(serviceId) ||
        !settings.services.some((s) => s.id === serviceId)
      ) {
        return render(request, reply, ['appt.settings.error.service'], 400);
      }
      const result = await createDrawRound(
        {
          serviceId,
          locationId: settings.location.id,
          days: request.body.days ?? '',
          slotsFrom: request.body.slotsFrom ?? '',
          slotsUntil: request.body.slotsUntil ?? '',
        },
        ctx,
        deps.appointments,
      );
      if (!result.ok && 'reason' in result) throw new HttpProblem(404, 'notFound');
      if (!result.ok)
        return render(
          request,
          reply,
          result.errors.map((e) => `appt.settings.error.${e}` as const),
          400,
        );
      return reply.redirect(`/staff/appointments/settings?location=${settings.location.slug}&saved=draw`, 303);
    },
  );
}

/** Of these services, those allocated by draw. */
async function drawServiceIds(ctx: Context, ids: readonly string[]): Promise<string[]> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const found: string[] = [];
    for (const id of ids) if ((await bookingFacts(tx, 'de', { id }))?.allocation === 'draw') found.push(id);
    return found;
  });
}
