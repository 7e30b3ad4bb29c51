import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie, staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { signOut } from '../identity/sign-out.js';
import type { Context } from '../platform/context.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { QueueDeps } from './queue-deps.js';

import { HttpProblem } from '../platform/http/errors.js';
import { sendPage } from '../platform/http/render.js';
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import { advanceTicket } from './advance-ticket.js';
import { callNextTicket } from './call-next-ticket.js';
import { counterQueue } from './counter-queue.js';
import { enrolKiosk } from './enrol-kiosk.js';
import { listKiosks } from './list-kiosks.js';
import { revokeKiosk } from './revoke-kiosk.js';
import { KIOSK_COOKIE } from './routes.js';
import { isTicketStep } from './ticket-steps.js';
import { StaffKiosksPage } from './views/StaffKiosksPage.js';
import { StaffQueuePage } from './views/StaffQueuePage.js';
import { isUuid } from '../platform/ids.js';
import { StaffDenied } from '../identity/guard.js';
import { ownEntry } from '../platform/own-entry.js';
import { redirectTarget } from '../platform/http/redirect-target.js';

type Deps = AppDeps & { readonly queue: QueueDeps };

const Short = Type.Optional(Type.String({ maxLength: 200 }));
const QueueQuery = Type.Object({ location: Short, counter: Short, notice: Short, number: Short });
// Checked in the handlers, not the schema: the guard must refuse the unauthorised before any 400.
const StepParams = Type.Object({ id: Type.String({ maxLength: 60 }), step: Type.String({ maxLength: 20 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
// Each form's own fields; ids that are not ours end in a notice, in the handlers.
const CallNextBody = Type.Object({ _csrf: Short, back: Short, counterId: Short });
const StepBody = Type.Object({ _csrf: Short, back: Short, counterId: Short, toCounterId: Short, toServiceId: Short });
const EnrolBody = Type.Object({ _csrf: Short, locationId: Short, label: Short });
const RevokeBody = Type.Object({ _csrf: Short });

const uuidOrUndefined = (value: string | undefined) => (value && isUuid(value) ? value : undefined);
const KIOSK_COOKIE_DAYS = 400;

const NOTICES: Record<string, { key: StaffMessageKey; ok: boolean }> = {
  called: { key: 'queue.notice.called', ok: true },
  done: { key: 'queue.notice.done', ok: true },
  empty: { key: 'queue.notice.empty', ok: false },
  busy: { key: 'queue.notice.busy', ok: false },
  unknownCounter: { key: 'queue.notice.unknownCounter', ok: false },
  notAllowed: { key: 'queue.notice.notAllowed', ok: false },
  unknown: { key: 'queue.notice.notAllowed', ok: false },
  counterBusy: { key: 'queue.notice.counterBusy', ok: false },
  badTarget: { key: 'queue.notice.badTarget', ok: false },
  badLabel: { key: 'queue.kiosks.badLabel', ok: false },
  unknownLocation: { key: 'queue.kiosks.badLabel', ok: false },
  revoked: { key: 'queue.kiosks.revoked', ok: true },
};

/** Only a queue page of ours is a place to go back to (never an address from outside). */
function backTo(form: { readonly back?: string }): string {
  return redirectTarget(form.back, '/staff/queue?', '/staff/queue?');
}

/** The caseworkers' queue (call next, steps at the counter) and the team leads' kiosk enrolment. */
export async function queueStaffRoutes(app: FastifyInstance, deps: Deps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });

  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    '/staff/queue',
    { config: { staff: 'queue.serve' }, schema: { querystring: QueueQuery, hide: true } },
    async (request, reply) => {
      const view = await counterQueue(
        { locationSlug: request.query.location, counterId: uuidOrUndefined(request.query.counter) },
        ctxOf(request),
      );
      if (!view) throw new HttpProblem(404, 'notFound');
      const notice = ownEntry(NOTICES, request.query.notice) ?? null;
      return sendPage(
        reply,
        StaffQueuePage({
          page: await staffPage(request, http),
          view,
          notice,
          values: { number: (request.query.number ?? '').slice(0, 8) },
        }),
      );
    },
  );

  app.post<{ Body: Static<typeof CallNextBody> }>(
    '/staff/queue/call-next',
    { config: { staff: 'queue.serve' }, schema: { body: CallNextBody, hide: true } },
    async (request, reply) => {
      const back = backTo(request.body);
      const counterId = uuidOrUndefined(request.body.counterId);
      if (!counterId) return reply.redirect(`${back}&notice=unknownCounter`, 303);
      const result = await callNextTicket({ counterId }, ctxOf(request));
      // A counter the caseworker may not call to (another location's) is not theirs to know of.
      if (!result.ok && result.reason === 'unknownCounter') throw new HttpProblem(404, 'notFound');
      return reply.redirect(
        result.ok ? `${back}&notice=called&number=${result.number}` : `${back}&notice=${result.reason}`,
        303,
      );
    },
  );

  app.post<{ Params: Static<typeof StepParams>; Body: Static<typeof StepBody> }>(
    '/staff/queue/tickets/:id/:step',
    { config: { staff: 'queue.serve' }, schema: { params: StepParams, body: StepBody, hide: true } },
    async (request, reply) => {
      const back = backTo(request.body);
      const { id, step } = request.params;
      if (!isUuid(id) || !isTicketStep(step)) return reply.redirect(`${back}&notice=notAllowed`, 303);
      const result = await advanceTicket(
        {
          ticketId: id,
          step,
          counterId: uuidOrUndefined(request.body.counterId),
          toCounterId: uuidOrUndefined(request.body.toCounterId),
          toServiceId: uuidOrUndefined(request.body.toServiceId),
        },
        ctxOf(request),
      );
      // Unknown and out of reach look alike.
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      return reply.redirect(`${back}&notice=${result.ok ? 'done' : result.reason}`, 303);
    },
  );

  const renderKiosks = async (request: FastifyRequest, reply: FastifyReply, notice: string | null, status: number) => {
    const { kiosks, locations } = await listKiosks(ctxOf(request));
    return sendPage(
      reply,
      StaffKiosksPage({
        page: await staffPage(request, http),
        kiosks,
        locations,
        notice: ownEntry(NOTICES, notice) ?? null,
        displayBase: deps.queue.links.base,
      }),
      status,
    );
  };
  app.get('/staff/queue/kiosks', { config: { staff: 'queue.configure' }, schema: { hide: true } }, (request, reply) =>
    renderKiosks(request, reply, null, 200),
  );

  app.post<{ Body: Static<typeof EnrolBody> }>(
    '/staff/queue/kiosks',
    { config: { staff: 'queue.configure' }, schema: { body: EnrolBody, hide: true } },
    async (request, reply) => {
      const locationId = uuidOrUndefined(request.body.locationId);
      if (!locationId) return renderKiosks(request, reply, 'unknownLocation', 400);
      const result = await enrolKiosk({ locationId, label: request.body.label ?? '' }, ctxOf(request));
      if (!result.ok && result.reason === 'notAllowed') throw new StaffDenied('forbidden');
      if (!result.ok) return renderKiosks(request, reply, result.reason, 400);
      reply.setCookie(KIOSK_COOKIE, result.token, {
        path: '/kiosk',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.env === 'production',
        maxAge: KIOSK_COOKIE_DAYS * 86_400,
      });
      // The tablet now stands in the entrance: nobody may find the team lead signed in on it.
      const staff = request.staff!;
      await signOut({ sessionToken: staff.token, reason: 'kiosk_enrolled' }, staff.actor, { pool: deps.db.pool });
      clearSessionCookie(reply);
      return reply.redirect(`/kiosk/${result.locationSlug}`, 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RevokeBody> }>(
    '/staff/queue/kiosks/:id/revoke',
    { config: { staff: 'queue.configure' }, schema: { params: IdParams, body: RevokeBody, hide: true } },
    async (request, reply) => {
      if (!isUuid(request.params.id) || !(await revokeKiosk({ kioskId: request.params.id }, ctxOf(request))))
        throw new HttpProblem(404, 'notFound');
      return renderKiosks(request, reply, 'revoked', 200);
    },
  );
}
