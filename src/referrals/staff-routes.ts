import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { instantOf, isDay, minutesOf, OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { HttpProblem } from '../platform/http/errors.js';
import { sendPage } from '../platform/http/render.js';
import { ownEntry } from '../platform/own-entry.js';
import { isUuid } from '../platform/ids.js';
import { list, type StaffHttpDeps, staffAuthority, staffPage } from '../platform/staff/staff-http.js';
import { answerReferral } from './answer-referral.js';
import { createReferral } from './create-referral.js';
import { giveConsent } from './give-consent.js';
import { listPartnerReferrals } from './list-partner-referrals.js';
import { listReferrals } from './list-referrals.js';
import { openPartnerReferral } from './open-partner-referral.js';
import { prepareReferral } from './prepare-referral.js';
import { partnerOf } from './referral-store.js';
import { showReferral } from './show-referral.js';
import { type AnswerFormState, PartnerListPage, PartnerReferralPage } from './views/PartnerPages.js';
import { NewReferralPage, ReferralDetailPage, ReferralListPage } from './views/ReferralStaffPages.js';
import { withdrawConsent } from './withdraw-consent.js';
import { networkFigures } from './network-figures.js';
import { NETWORK_COLUMNS, NetworkPage } from './views/NetworkPage.js';
import { sendCsv, toCsv } from '../platform/reports/csv.js';
import { StaffDenied } from '../identity/guard.js';

const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ListQuery = Type.Object({
  case: Type.Optional(Type.String({ maxLength: 100 })),
  notice: Type.Optional(Type.String({ maxLength: 30 })),
});
const NewQuery = Type.Object({
  // Optional in the schema so that the guard, not the validation, answers a request without the role.
  case: Type.Optional(Type.String({ maxLength: 100 })),
  partner: Type.Optional(Type.String({ maxLength: 100 })),
});
const CreateBody = Type.Object({
  ...Csrf,
  case: Type.Optional(Type.String({ maxLength: 100 })),
  partner: Type.Optional(Type.String({ maxLength: 100 })),
  offer: Type.Optional(Type.String({ maxLength: 100 })),
  message: Type.Optional(Type.String({ maxLength: 5000 })),
  categories: Type.Optional(
    Type.Union([Type.String({ maxLength: 50 }), Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })]),
  ),
});
const AnswerBody = Type.Object({
  ...Csrf,
  kind: Type.Optional(Type.String({ maxLength: 30 })),
  body: Type.Optional(Type.String({ maxLength: 5000 })),
  appointmentAt: Type.Optional(Type.String({ maxLength: 40 })),
});
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 30 })) });
const CsrfBody = Type.Object(Csrf);

const NOTICES = {
  created: 'referrals.notice.created',
  consented: 'referrals.notice.consented',
  withdrawn: 'referrals.notice.withdrawn',
  answered: 'referrals.notice.answered',
} as const;

/** A `datetime-local` value read as office time; null when it is empty or no such instant. */
export function officeInstant(value: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value.trim());
  if (!match || !isDay(match[1]!)) return null;
  const minutes = minutesOf(match[2]!);
  if (!Number.isFinite(minutes) || minutes < 0 || minutes >= 24 * 60) return null;
  return new Date(instantOf(match[1]!, minutes, OFFICE_TIME_ZONE));
}

/** Referrals for the office (`referrals.create`) and the partner workspace (`referrals.answer`). */
export async function referralStaffRoutes(
  app: FastifyInstance,
  deps: AppDeps & { links: { base: string } },
  http: StaffHttpDeps,
): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const noticeOf = async (request: FastifyRequest, notice: string | undefined) => {
    const key = ownEntry(NOTICES, notice);
    return key ? (await staffPage(request, http)).t.t(key) : undefined;
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/staff/referrals',
    { config: { staff: 'referrals.create' }, schema: { querystring: ListQuery, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const caseId = request.query.case;
      const entries = await listReferrals({ ...(caseId ? { caseId } : {}), locale: page.t.locale }, ctxOf(request));
      const notice = await noticeOf(request, request.query.notice);
      return sendPage(
        reply,
        ReferralListPage({ page, entries, ...(caseId ? { caseId } : {}), ...(notice ? { notice } : {}) }),
      );
    },
  );

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    partnerId: string | undefined,
    state: Parameters<typeof NewReferralPage>[0]['state'],
    status: number,
  ) => {
    const page = await staffPage(request, http);
    const form = await prepareReferral({ caseId, ...(partnerId ? { partnerId } : {}) }, ctxOf(request));
    if (!form) throw new HttpProblem(404, 'notFound');
    return sendPage(reply, NewReferralPage({ page, form, state }), status);
  };

  app.get<{ Querystring: Static<typeof NewQuery> }>(
    '/staff/referrals/new',
    { config: { staff: 'referrals.create' }, schema: { querystring: NewQuery, hide: true } },
    async (request, reply) => {
      // A referral is made from a case: without one, the list (with its cases' links) is the way there.
      if (!isUuid(request.query.case)) return reply.redirect('/staff/referrals', 303);
      return newPage(
        request,
        reply,
        request.query.case,
        request.query.partner || undefined,
        {
          offerId: '',
          message: '',
          categories: ['name', 'email'],
          errors: [],
        },
        200,
      );
    },
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/staff/referrals',
    { config: { staff: 'referrals.create' }, schema: { body: CreateBody, hide: true } },
    async (request, reply) => {
      const body = request.body;
      const input = {
        caseId: body.case ?? '',
        partnerId: body.partner ?? '',
        offerId: body.offer ?? '',
        message: (body.message ?? '').slice(0, 2000),
        categories: list(body.categories),
      };
      if (!isUuid(input.caseId)) return reply.redirect('/staff/referrals', 303);
      const result = await createReferral(
        { ...input, base: deps.links.base, authorityName: (await staffAuthority(http)).name },
        ctxOf(request),
      );
      if (result.ok) return reply.redirect(`/staff/referrals/${result.id}?notice=created`, 303);
      if (result.reason === 'notFound') throw new HttpProblem(404, 'notFound');
      return newPage(
        request,
        reply,
        input.caseId,
        input.partnerId || undefined,
        { ...input, errors: result.errors },
        400,
      );
    },
  );

  app.get<{ Params: Static<typeof Id>; Querystring: Static<typeof NoticeQuery> }>(
    '/staff/referrals/:id',
    { config: { staff: 'referrals.create' }, schema: { params: Id, querystring: NoticeQuery, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const view = await showReferral(
        { access: { by: 'counter', referralId: request.params.id }, locale: page.t.locale },
        ctxOf(request),
      );
      if (!view) throw new HttpProblem(404, 'notFound');
      const notice = await noticeOf(request, request.query.notice);
      reply.header('cache-control', 'no-store');
      return sendPage(reply, ReferralDetailPage({ page, view, ...(notice ? { notice } : {}) }));
    },
  );

  // Consent or withdrawal in person at the counter, recorded with who took it.
  for (const act of ['consent', 'withdraw'] as const) {
    app.post<{ Params: Static<typeof Id>; Body: Static<typeof CsrfBody> }>(
      `/staff/referrals/:id/${act}`,
      { config: { staff: 'referrals.create' }, schema: { params: Id, body: CsrfBody, hide: true } },
      async (request, reply) => {
        const access = { by: 'counter' as const, referralId: request.params.id };
        const controller = (await staffAuthority(http)).name;
        const result =
          act === 'consent'
            ? await giveConsent({ access, controller, base: deps.links.base }, ctxOf(request))
            : await withdrawConsent({ access }, ctxOf(request));
        if (!result.ok) throw new HttpProblem(404, 'notFound');
        return reply.redirect(
          `/staff/referrals/${request.params.id}?notice=${act === 'consent' ? 'consented' : 'withdrawn'}`,
          303,
        );
      },
    );
  }

  app.get(
    '/staff/partner',
    { config: { staff: 'referrals.answer' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const entries = await listPartnerReferrals({ locale: page.t.locale }, ctxOf(request));
      reply.header('cache-control', 'no-store');
      return sendPage(reply, PartnerListPage({ page, entries, bound: partnerOf(request.staff!.actor) !== null }));
    },
  );

  const partnerPage = async (
    request: FastifyRequest<{ Params: Static<typeof Id> }>,
    reply: FastifyReply,
    form: AnswerFormState,
    status: number,
    notice?: string,
  ) => {
    const page = await staffPage(request, http);
    const view = await openPartnerReferral({ referralId: request.params.id, locale: page.t.locale }, ctxOf(request));
    if (!view) throw new HttpProblem(404, 'notFound');
    reply.header('cache-control', 'no-store');
    return sendPage(reply, PartnerReferralPage({ page, view, form, ...(notice ? { notice } : {}) }), status);
  };

  app.get<{ Params: Static<typeof Id>; Querystring: Static<typeof NoticeQuery> }>(
    '/staff/partner/referrals/:id',
    { config: { staff: 'referrals.answer' }, schema: { params: Id, querystring: NoticeQuery, hide: true } },
    async (request, reply) =>
      partnerPage(
        request,
        reply,
        { kind: 'accepted', body: '', appointmentAt: '', errors: [] },
        200,
        await noticeOf(request, request.query.notice),
      ),
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof AnswerBody> }>(
    '/staff/partner/referrals/:id/answers',
    { config: { staff: 'referrals.answer' }, schema: { params: Id, body: AnswerBody, hide: true } },
    async (request, reply) => {
      const form = {
        kind: request.body.kind ?? '',
        body: (request.body.body ?? '').slice(0, 2000),
        appointmentAt: (request.body.appointmentAt ?? '').slice(0, 40),
      };
      const result = await answerReferral(
        {
          referralId: request.params.id,
          kind: form.kind,
          body: form.body,
          appointmentAt: officeInstant(form.appointmentAt),
        },
        ctxOf(request),
      );
      if (result.ok) return reply.redirect(`/staff/partner/referrals/${request.params.id}?notice=answered`, 303);
      if (result.reason === 'notFound') throw new HttpProblem(404, 'notFound');
      return partnerPage(request, reply, { ...form, errors: result.errors }, 400);
    },
  );

  app.get(
    '/staff/reports/network',
    { config: { staff: 'reports.view' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const rows = await networkFigures({ locale: page.t.locale }, ctxOf(request));
      if (!rows) throw new StaffDenied('forbidden');
      return sendPage(reply, NetworkPage({ page, rows }));
    },
  );

  app.get(
    '/staff/reports/network.csv',
    { config: { staff: 'reports.view' }, schema: { hide: true } },
    async (request, reply) => {
      const t = (await staffPage(request, http)).t;
      const rows = await networkFigures({ locale: t.locale }, ctxOf(request));
      if (!rows) throw new StaffDenied('forbidden');
      const csv = toCsv(
        NETWORK_COLUMNS.map((key) => t.t(key)),
        rows.map((r) => [
          r.partner,
          r.purpose,
          r.referrals,
          r.consented,
          r.firstAnswerHours,
          r.done,
          r.declined,
          r.noShow,
          r.withdrawn,
        ]),
        t.locale,
      );
      return sendCsv(reply, 'network.csv', csv);
    },
  );
}
