import type { ProcessingTimeLookup } from '../../platform/reports/processing-time.js';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.js';
import type { CaseDeps } from '../cases-deps.js';

import { csrfForm, csrfMultipart, csrfToken } from '../../platform/http/csrf.js';
import { HttpProblem } from '../../platform/http/errors.js';
import { LocaleParams, localeOf } from '../../platform/http/locale-param.js';
import { sendPage } from '../../platform/http/render.js';
import { UNCOMPRESSED } from '../../platform/http/uncompressed.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import { portalAuthority, publicPage } from '../../platform/http/public-page.js';
import { caseStatus } from './case-status.js';
import { endStatusSession } from './end-status-session.js';
import { listMyCases } from './list-my-cases.js';
import { caseReceiptPdf } from '../receipts/receipt-for-case.js';
import { requestStatusCode } from './request-status-code.js';
import { signInWithCode, type SignInResult } from './sign-in-with-code.js';
import { SESSION_MINUTES } from './status-code.js';
import { STATUS_COOKIE } from './status-session.js';
import { acceptUploadForms, readForm } from '../apply/upload-form.js';
import { uploadRequestedDocuments } from '../documents/upload-requested-documents.js';
import { StatusPage } from './views/StatusPages.js';
import { MyCasesPage, StatusCodePage, StatusSignInPage } from './views/StatusSignInPages.js';

type Deps = AppDeps & { readonly cases: CaseDeps; readonly processingTimes: ProcessingTimeLookup };

const CaseParams = Type.Object({ locale: Type.String({ maxLength: 20 }), reference: Type.String({ maxLength: 40 }) });
const EndedQuery = Type.Object({ ended: Type.Optional(Type.String({ maxLength: 20 })) });
const EmailBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
});
const CodeBody = Type.Object({ ...EmailBody.properties, code: Type.Optional(Type.String({ maxLength: 100 })) });
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });
type LocaleRequest = FastifyRequest<{ Params: { locale: string } }>;
type CaseRequest = FastifyRequest<{ Params: Static<typeof CaseParams> }>;

/** Why the e-mail form is shown again: the sign-in ran out, or the person signed out. */
const ENDED = { expired: 'statusSignIn.expired', out: 'statusSignIn.signedOut' } as const;

function codeError(result: Exclude<SignInResult, { ok: true }>) {
  if (result.reason === 'wrongCode')
    return { key: 'statusSignIn.wrongCode', values: { left: result.attemptsLeft } } as const;
  return {
    key: result.reason === 'malformed' ? 'statusSignIn.codeFormat' : 'statusSignIn.codeVoid',
    values: {},
  } as const;
}

/**
 * The second way to the status page: "Where is my application?", a code by e-mail, the person's
 * applications, and each one's status page with upload and receipt under the sign-in (the first
 * way, the e-mail's link with the date of birth, is in routes.ts; both share the use cases).
 */
export async function statusSignInRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';
  await acceptUploadForms(app);
  const limit = { rateLimit: { max: deps.config.loginAttemptsPerIp, timeWindow: '15 minutes' } };
  // The receipt carries the office's German name, as the one sent at submission.
  const authorityName = async () => {
    const found = await portalAuthority(deps.portal);
    return found.names.de?.name ?? found.slug;
  };
  const pageOf = async (request: FastifyRequest, reply: FastifyReply, locale: Locale, path: string) => {
    const { page, ctx } = await publicPage(portal, locale, request);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return { page: { ...page, path }, ctx, csrf: csrfToken(request, reply, secure) };
  };
  const emailForm = async (
    request: LocaleRequest,
    reply: FastifyReply,
    form: { email: string; error: MessageKey | null; notice: MessageKey | null },
    status: number,
  ) => {
    const { page, csrf } = await pageOf(request, reply, localeOf(request.params), '/status');
    return sendPage(
      reply,
      StatusSignInPage({
        page,
        csrf,
        email: form.email,
        error: form.error && page.t.t(form.error),
        notice: form.notice && page.t.t(form.notice),
      }),
      status,
    );
  };
  const codeForm = async (
    request: LocaleRequest,
    reply: FastifyReply,
    email: string,
    sent: boolean,
    error: ReturnType<typeof codeError> | 'apply.csrf' | null,
    status: number,
  ) => {
    const { page, csrf } = await pageOf(request, reply, localeOf(request.params), '/status');
    const text = error === null ? null : error === 'apply.csrf' ? page.t.t(error) : page.t.t(error.key, error.values);
    return sendPage(reply, StatusCodePage({ page, csrf, email, sent, error: text }), status);
  };
  // An ended or unknown sign-in is never an error page: back to the e-mail form, which says why.
  const signedOut = (reply: FastifyReply, locale: Locale, why: keyof typeof ENDED) =>
    reply.clearCookie(STATUS_COOKIE, { path: '/' }).redirect(`/${locale}/status?ended=${why}`, 303);

  app.get<{ Params: { locale: string }; Querystring: Static<typeof EndedQuery> }>(
    '/:locale/status',
    { ...UNCOMPRESSED, schema: { params: LocaleParams, querystring: EndedQuery, hide: true } },
    (request, reply) => {
      const ended = request.query.ended;
      return emailForm(
        request,
        reply,
        { email: '', error: null, notice: ended === 'expired' || ended === 'out' ? ENDED[ended] : null },
        200,
      );
    },
  );

  const staleEmail = csrfForm<{ Params: { locale: string }; Body: Static<typeof EmailBody> }>((request, reply) =>
    emailForm(request, reply, { email: request.body.email ?? '', error: null, notice: 'apply.csrf' }, 403),
  );
  app.post<{ Params: { locale: string }; Body: Static<typeof EmailBody> }>(
    '/:locale/status/code',
    {
      ...UNCOMPRESSED,
      schema: { params: LocaleParams, body: EmailBody, hide: true },
      config: { ...limit, csrf: staleEmail },
    },
    async (request, reply) => {
      const email = request.body.email ?? '';
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const result = await requestStatusCode(
        {
          email,
          locale,
          authorityName: page.siteName,
          onMailError: (error) => request.log.warn({ err: error }, 'status code mail not sent'),
        },
        ctx,
        deps.cases,
      );
      if (!result.ok)
        return emailForm(request, reply, { email, error: 'statusSignIn.emailInvalid', notice: null }, 400);
      return codeForm(request, reply, email.trim(), true, null, 200);
    },
  );

  const staleCode = csrfForm<{ Params: { locale: string }; Body: Static<typeof CodeBody> }>((request, reply) =>
    codeForm(request, reply, request.body.email ?? '', false, 'apply.csrf', 403),
  );
  app.post<{ Params: { locale: string }; Body: Static<typeof CodeBody> }>(
    '/:locale/status/sign-in',
    {
      ...UNCOMPRESSED,
      schema: { params: LocaleParams, body: CodeBody, hide: true },
      config: { ...limit, csrf: staleCode },
    },
    async (request, reply) => {
      const email = request.body.email ?? '';
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await signInWithCode({ email, code: request.body.code ?? '' }, ctx, deps.cases);
      if (!result.ok) return codeForm(request, reply, email, false, codeError(result), 400);
      reply.setCookie(STATUS_COOKIE, result.session, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: SESSION_MINUTES * 60,
      });
      return reply.redirect(`/${locale}/status/mine`, 303);
    },
  );

  app.get<{ Params: { locale: string } }>(
    '/:locale/status/mine',
    { ...UNCOMPRESSED, schema: { params: LocaleParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx, csrf } = await pageOf(request, reply, locale, '/status/mine');
      const mine = await listMyCases({ session: request.cookies[STATUS_COOKIE], locale }, ctx);
      if (!mine.ok) return signedOut(reply, locale, 'expired');
      return sendPage(
        reply,
        MyCasesPage({ page, csrf, address: mine.address, endsAt: mine.endsAt, cases: mine.cases }),
      );
    },
  );

  const showStatus = async (
    request: CaseRequest,
    reply: FastifyReply,
    notice: string | null,
    problems: readonly string[],
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { reference } = request.params;
    const { page, ctx, csrf } = await pageOf(request, reply, locale, `/status/mine/${reference}`);
    const result = await caseStatus(
      {
        access: { by: 'session', session: request.cookies[STATUS_COOKIE], reference },
        locale,
        authorityName: await authorityName(),
      },
      ctx,
    );
    if (!result.ok && result.reason === 'signedOut') return signedOut(reply, locale, 'expired');
    if (!result.ok) throw new HttpProblem(404, 'notFound');
    const processingTime = await deps.processingTimes(ctx, result.status.serviceId);
    const base = `/${locale}/status/mine/${reference}`;
    return sendPage(
      reply,
      StatusPage({
        page,
        status: result.status,
        csrf,
        receiptAction: `${base}/receipt`,
        uploadAction: `${base}/documents`,
        birthDate: null,
        notice,
        problems,
        signedIn: { listHref: `/${locale}/status/mine`, signOutAction: `/${locale}/status/sign-out` },
        processingTime,
      }),
      status,
    );
  };
  app.get<{ Params: Static<typeof CaseParams> }>(
    '/:locale/status/mine/:reference',
    { ...UNCOMPRESSED, schema: { params: CaseParams, hide: true } },
    (request, reply) => showStatus(request, reply, null, [], 200),
  );

  // A stale form: the status page again, which says so (the files must be chosen again).
  const staleStatus = (request: CaseRequest, reply: FastifyReply) =>
    showStatus(request, reply, null, [translator(localeOf(request.params)).t('apply.csrf')], 403);
  app.post<{ Params: Static<typeof CaseParams> }>(
    '/:locale/status/mine/:reference/documents',
    {
      ...UNCOMPRESSED,
      schema: { params: CaseParams, hide: true },
      config: { ...limit, csrf: csrfMultipart(staleStatus) },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      if (!request.isMultipart()) throw new HttpProblem(400, 'badRequest');
      const posted = await readForm(request, reply, deps.cases.uploads);
      if (!posted) return reply;
      const { page, ctx } = await publicPage(portal, locale, request);
      const access = {
        by: 'session',
        session: request.cookies[STATUS_COOKIE],
        reference: request.params.reference,
      } as const;
      const result = await uploadRequestedDocuments({ access, files: posted.files, locale }, ctx, deps.cases);
      if (!result.ok && result.reason === 'signedOut') return signedOut(reply, locale, 'expired');
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      const problems = result.ok
        ? result.refused.map((r) => `${r.fileName}: ${page.t.t(`apply.file.${r.reason}`)}`)
        : [];
      const notice = result.ok && result.stored > 0 ? page.t.t('status.uploaded') : null;
      return showStatus(request, reply, notice, problems, problems.length > 0 ? 422 : 200);
    },
  );

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof CsrfBody> }>(
    '/:locale/status/mine/:reference/receipt',
    {
      ...UNCOMPRESSED,
      schema: { params: CaseParams, body: CsrfBody, hide: true },
      config: { ...limit, csrf: csrfForm(staleStatus) },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await caseStatus(
        {
          access: { by: 'session', session: request.cookies[STATUS_COOKIE], reference: request.params.reference },
          locale,
          authorityName: await authorityName(),
        },
        ctx,
      );
      if (!result.ok && result.reason === 'signedOut') return signedOut(reply, locale, 'expired');
      if (!result.ok) throw new HttpProblem(404, 'notFound');
      const pdf = await caseReceiptPdf(deps.cases, result.status.receipt);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${result.status.reference}.pdf"`)
        .type('application/pdf')
        .send(Buffer.from(pdf));
    },
  );

  // A stale form: back to the list, whose fresh form signs out (the cookie is SameSite, so no other site can post here with it).
  const backToList = csrfForm<{ Params: { locale: string } }>((request, reply) =>
    reply.redirect(`/${localeOf(request.params)}/status/mine`, 303),
  );
  app.post<{ Params: { locale: string }; Body: Static<typeof CsrfBody> }>(
    '/:locale/status/sign-out',
    { ...UNCOMPRESSED, schema: { params: LocaleParams, body: CsrfBody, hide: true }, config: { csrf: backToList } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      await endStatusSession({ session: request.cookies[STATUS_COOKIE] }, ctx);
      return signedOut(reply, locale, 'out');
    },
  );
}
