import type { ProcessingTimeLookup } from '../../platform/reports/processing-time.js';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PersonInput } from '../../platform/forms/person-form.js';
import { withTenant } from '../../platform/database/index.js';
import type { AppDeps } from '../../platform/app-deps.js';
import type { CaseDeps } from '../cases-deps.js';

import { csrfForm, csrfMultipart, csrfToken } from '../../platform/http/csrf.js';
import { HttpProblem } from '../../platform/http/errors.js';
import { localeOf } from '../../platform/http/locale-param.js';
import { sendPage } from '../../platform/http/render.js';
import { UNCOMPRESSED } from '../../platform/http/uncompressed.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { portalAuthority, publicPage } from '../../platform/http/public-page.js';
import { applicationFacts } from '../../catalog/application-facts.js';
import { caseStatus } from '../status/case-status.js';
import { checkReceipt } from '../receipts/check-receipt.js';
import { questionFields } from './application-questions.js';
import { safeFileName } from '../documents/upload-check.js';
import { draftByToken, type DraftAnswers } from './drafts.js';
import { caseReceiptPdf } from '../receipts/receipt-for-case.js';
import { saveApplication } from './save-application.js';
import { submitApplication } from './submit-application.js';
import { uploadRequestedDocuments } from '../documents/upload-requested-documents.js';
import { ApplyPage, type ApplyForm } from './views/ApplyPage.js';
import { StatusGatePage, StatusPage, VerifyPage } from '../status/views/StatusPages.js';
import { NoticePage } from '../../platform/layout/NoticePage.js';
import { acceptUploadForms, readForm } from './upload-form.js';
import { PowGate } from '../../platform/http/pow-gate.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';
import type { FileRefusal, IncomingFile } from './save-application.js';

type Deps = AppDeps & { readonly cases: CaseDeps; readonly processingTimes: ProcessingTimeLookup };

/** The browser's draft: its token in an HttpOnly cookie (the draft's id alone opens nothing). */
export const DRAFT_COOKIE = 'wk_draft';

const ServiceParams = Type.Object({ locale: Type.String({ maxLength: 20 }), service: Type.String({ maxLength: 100 }) });
const TokenParams = Type.Object({ locale: Type.String({ maxLength: 20 }), token: Type.String({ maxLength: 200 }) });
const CodeParams = Type.Object({ locale: Type.String({ maxLength: 20 }), code: Type.String({ maxLength: 60 }) });
const CodeQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 60 })) });
const BirthBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  birthDate: Type.Optional(Type.String({ maxLength: 40 })),
});
const PERSON_FIELDS = ['firstName', 'lastName', 'birthDate', 'email', 'locale', 'permitExpiresOn'] as const;

function personOf(fields: Record<string, string>, locale: Locale): PersonInput {
  const value = (name: (typeof PERSON_FIELDS)[number]) => fields[name] ?? '';
  return {
    firstName: value('firstName'),
    lastName: value('lastName'),
    birthDate: value('birthDate'),
    email: value('email'),
    locale: fields.locale || locale,
    permitExpiresOn: value('permitExpiresOn'),
  };
}

/**
 * The person's details and the answers to the questions (`q:<slug>`), as typed. A NUL becomes SUB
 * (U+001A, the substitute character): the draft's jsonb cannot hold NUL, and SUB is refused as a
 * control character on submission just the same, so the person is told instead of the save failing.
 */
function answersOf(fields: Record<string, string>, locale: Locale): DraftAnswers {
  const clean = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, value.replaceAll('\u0000', '\u001a')]),
  );
  return { ...personOf(clean, locale), questions: questionFields(clean) };
}

/** The form as typed, with nothing stored yet. */
function emptyForm(values: DraftAnswers) {
  return { values, files: [], errors: [], questionErrors: [], missing: [], refused: [], saved: false };
}

/** 503 with a time to come back when files could not be taken for want of a slot, else 422. */
function refusalStatus(reply: FastifyReply, refused: readonly FileRefusal[]): number {
  if (refused.length === 0) return 200;
  if (!refused.some((r) => r.reason === 'busy')) return 422;
  reply.header('retry-after', '30');
  return 503;
}

/** Online applications, the status page and the public check of receipts. */
export async function applicationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';
  const { limits } = deps.cases.uploads;
  // Uploads under pressure need a proof of work, like holding a time (README "Uploads and quotas").
  const powGate = new PowGate(
    deps.limits.counters,
    deps.cases.uploads.powKey,
    limits.powAbovePerMinute,
    undefined,
    'application uploads',
  );
  await acceptUploadForms(app);
  const authority = async () => {
    const found = await portalAuthority(deps.portal);
    return { slug: found.slug, name: found.names.de?.name ?? found.slug };
  };

  const render = async (
    request: FastifyRequest<{ Params: Static<typeof ServiceParams> }>,
    reply: FastifyReply,
    form: Omit<ApplyForm, 'csrf' | 'service' | 'challenge'> & { service?: ApplyForm['service'] },
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const service =
      form.service ??
      (await withTenant(ctx.pool, ctx.authorityId, (tx) =>
        applicationFacts(tx, locale, { slug: request.params.service }),
      ));
    if (!service) throw new HttpProblem(404, 'notFound');
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      ApplyPage({
        page: { ...page, path: `/apply/${service.slug}` },
        form: {
          ...form,
          service,
          csrf: csrfToken(request, reply, secure),
          challenge: (await powGate.required()) ? await powGate.challenge() : null,
        },
      }),
      status,
    );
  };

  /** Above the threshold, files come only with a solved challenge; without one they are named as refused. */
  const proofOfWork = async (
    posted: readonly IncomingFile[],
    solution: string | undefined,
  ): Promise<{ files: readonly IncomingFile[]; unproven: FileRefusal[] }> => {
    if (!posted.some((f) => f.read)) return { files: posted, unproven: [] };
    const needed = await powGate.hit();
    if (!needed || (await powGate.verify(solution))) return { files: posted, unproven: [] };
    const unproven = posted.map((f) => ({
      documentSlug: f.documentSlug,
      fileName: safeFileName(f.fileName),
      reason: 'proofOfWork' as const,
    }));
    return { files: [], unproven };
  };

  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/:locale/apply/:service',
    { schema: { params: ServiceParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const draft = await withTenant(ctx.pool, ctx.authorityId, (tx) =>
        draftByToken(tx, request.cookies[DRAFT_COOKIE], locale),
      );
      const mine = draft && draft.service.slug === request.params.service && !draft.submittedCaseId ? draft : null;
      return render(
        request,
        reply,
        {
          values: mine?.answers ?? {
            firstName: '',
            lastName: '',
            birthDate: '',
            email: '',
            locale,
            permitExpiresOn: '',
            questions: {},
          },
          files: mine?.files ?? [],
          errors: [],
          questionErrors: [],
          missing: [],
          refused: [],
          notice: null,
          saved: false,
        },
        200,
      );
    },
  );

  // A stale form: shown again with everything typed (the files must be chosen again).
  const staleApplication = csrfMultipart<{ Params: Static<typeof ServiceParams> }>((request, reply, fields) =>
    render(
      request,
      reply,
      {
        values: answersOf(fields, localeOf(request.params)),
        files: [],
        errors: [],
        questionErrors: [],
        missing: [],
        refused: [],
        saved: false,
        notice: 'apply.csrf',
      },
      403,
    ),
  );
  app.post<{ Params: Static<typeof ServiceParams> }>(
    '/:locale/apply/:service',
    { schema: { params: ServiceParams, hide: true }, config: { csrf: staleApplication } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      if (!request.isMultipart()) throw new HttpProblem(400, 'badRequest');
      const posted = await readForm(request, reply, deps.cases.uploads);
      if (!posted) return reply;
      const answers = answersOf(posted.fields, locale);
      const { page, ctx } = await publicPage(portal, locale, request);
      const { files, unproven } = await proofOfWork(posted.files, posted.fields.altcha);
      const saved = await saveApplication(
        {
          serviceSlug: request.params.service,
          locale,
          token: request.cookies[DRAFT_COOKIE],
          answers,
          files,
        },
        ctx,
        deps.cases,
      );
      if (!saved.ok && saved.reason === 'unknownService') throw new HttpProblem(404, 'notFound');
      if (!saved.ok && saved.reason === 'quota') {
        // Nothing stored; the form comes back as typed, and says why.
        const notice: MessageKey = `apply.quota.${saved.quota}`;
        return render(request, reply, { ...emptyForm(answers), notice }, 429);
      }
      if (!saved.ok)
        return sendPage(
          reply,
          NoticePage({
            page,
            title: page.t.t('apply.doneTitle'),
            text: page.t.t('apply.alreadySubmitted'),
            link: null,
            status: 'info',
          }),
          409,
        );
      reply.setCookie(DRAFT_COOKIE, saved.token, {
        path: `/`,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: limits.draftExpiryDays * 86_400,
      });
      const refused = [...unproven, ...saved.refused];
      const form = {
        values: saved.draft.answers,
        files: saved.draft.files,
        refused,
        service: saved.draft.service,
        notice: null,
      };
      if (posted.fields.action !== 'submit' || refused.length > 0) {
        return render(
          request,
          reply,
          { ...form, errors: [], questionErrors: [], missing: [], saved: true },
          refusalStatus(reply, refused),
        );
      }
      const submitted = await submitApplication(
        { token: saved.token, locale, authority: await authority() },
        ctx,
        deps.cases,
      );
      if (!submitted.ok && submitted.reason === 'incomplete') {
        return render(
          request,
          reply,
          {
            ...form,
            errors: submitted.errors,
            questionErrors: submitted.questionErrors,
            missing: submitted.missing,
            saved: true,
          },
          422,
        );
      }
      if (!submitted.ok) throw new HttpProblem(409, 'badRequest');
      reply.clearCookie(DRAFT_COOKIE, { path: '/' });
      return sendPage(
        reply,
        NoticePage({
          page,
          title: page.t.t('apply.doneTitle'),
          text: page.t.t('apply.done', { reference: submitted.reference }),
          status: 'success',
          link: { href: `/${locale}/status/${submitted.statusToken}`, label: page.t.t('apply.doneStatus') },
        }),
        201,
      );
    },
  );

  const gate = async (
    request: FastifyRequest<{ Params: Static<typeof TokenParams> }>,
    reply: FastifyReply,
    error: string | null,
    status: number,
  ) => {
    const locale = localeOf(request.params);
    const { page } = await publicPage(portal, locale, request);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const action = `/${locale}/status/${request.params.token}`;
    return sendPage(
      reply,
      StatusGatePage({
        page: { ...page, path: `/status/${request.params.token}` },
        action,
        csrf: csrfToken(request, reply, secure),
        error,
      }),
      status,
    );
  };
  const statusLimit = { rateLimit: { max: deps.config.loginAttemptsPerIp, timeWindow: '15 minutes' } };
  app.get<{ Params: Static<typeof TokenParams> }>(
    '/:locale/status/:token',
    { ...UNCOMPRESSED, schema: { params: TokenParams, hide: true } },
    (request, reply) => gate(request, reply, null, 200),
  );

  const statusOf = async (request: FastifyRequest<{ Params: Static<typeof TokenParams> }>, birthDate: string) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const result = await caseStatus(
      {
        access: { by: 'link', token: request.params.token, birthDate },
        locale,
        authorityName: (await authority()).name,
      },
      ctx,
    );
    return { page, locale, result, ctx };
  };
  const showStatus = async (
    request: FastifyRequest<{ Params: Static<typeof TokenParams>; Body: Static<typeof BirthBody> }>,
    reply: FastifyReply,
    birthDate: string,
    notice: string | null,
    problems: readonly string[],
    status: number,
  ) => {
    const { page, locale, result, ctx } = await statusOf(request, birthDate);
    if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
    if (!result.ok) return gate(request, reply, page.t.t('status.wrongBirthDate'), 400);
    const processingTime = await deps.processingTimes(ctx, result.status.serviceId);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const base = `/${locale}/status/${request.params.token}`;
    return sendPage(
      reply,
      StatusPage({
        page: { ...page, path: `/status/${request.params.token}` },
        status: result.status,
        csrf: csrfToken(request, reply, secure),
        receiptAction: `${base}/receipt`,
        uploadAction: `${base}/documents`,
        birthDate,
        notice,
        problems,
        processingTime,
      }),
      status,
    );
  };
  // A stale form: the gate again (the date of birth is not shown back).
  const staleGate = (request: FastifyRequest<{ Params: Static<typeof TokenParams> }>, reply: FastifyReply) =>
    gate(request, reply, null, 403);
  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof BirthBody> }>(
    '/:locale/status/:token',
    {
      ...UNCOMPRESSED,
      schema: { params: TokenParams, body: BirthBody, hide: true },
      config: { ...statusLimit, csrf: csrfForm(staleGate) },
    },
    async (request, reply) => {
      return showStatus(request, reply, request.body.birthDate ?? '', null, [], 200);
    },
  );

  app.post<{ Params: Static<typeof TokenParams> }>(
    '/:locale/status/:token/documents',
    {
      ...UNCOMPRESSED,
      schema: { params: TokenParams, hide: true },
      config: { ...statusLimit, csrf: csrfMultipart(staleGate) },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      if (!request.isMultipart()) throw new HttpProblem(400, 'badRequest');
      const posted = await readForm(request, reply, deps.cases.uploads);
      if (!posted) return reply;
      const typed = request as unknown as FastifyRequest<{
        Params: Static<typeof TokenParams>;
        Body: Static<typeof BirthBody>;
      }>;
      const birthDate = posted.fields.birthDate ?? '';
      const { page, ctx } = await publicPage(portal, locale, request);
      const result = await uploadRequestedDocuments(
        { access: { by: 'link', token: request.params.token, birthDate }, files: posted.files, locale },
        ctx,
        deps.cases,
      );
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      if (!result.ok && result.reason === 'wrongBirthDate')
        return gate(typed, reply, page.t.t('status.wrongBirthDate'), 400);
      const problems = result.ok
        ? result.refused.map((r) => `${r.fileName}: ${page.t.t(`apply.file.${r.reason}`)}`)
        : [];
      const notice = result.ok && result.stored > 0 ? page.t.t('status.uploaded') : null;
      return showStatus(typed, reply, birthDate, notice, problems, problems.length > 0 ? 422 : 200);
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof BirthBody> }>(
    '/:locale/status/:token/receipt',
    {
      ...UNCOMPRESSED,
      schema: { params: TokenParams, body: BirthBody, hide: true },
      config: { ...statusLimit, csrf: csrfForm(staleGate) },
    },
    async (request, reply) => {
      const { page, result } = await statusOf(request, request.body.birthDate ?? '');
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      if (!result.ok) return gate(request, reply, page.t.t('status.wrongBirthDate'), 400);
      const pdf = await caseReceiptPdf(deps.cases, result.status.receipt);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${result.status.reference}.pdf"`)
        .type('application/pdf')
        .send(Buffer.from(pdf));
    },
  );

  const verify = async (request: FastifyRequest<{ Params: { locale: string } }>, reply: FastifyReply, code: string) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const result = code.trim() === '' ? null : await checkReceipt({ code, locale }, ctx);
    const status = result === null || result.ok ? 200 : result.reason === 'malformed' ? 400 : 404;
    return sendPage(
      reply,
      VerifyPage({ page: { ...page, path: '/verify' }, code, result, authorityName: (await authority()).name }),
      status,
    );
  };
  app.get<{ Params: { locale: string }; Querystring: Static<typeof CodeQuery> }>(
    '/:locale/verify',
    { schema: { params: Type.Object({ locale: Type.String({ maxLength: 20 }) }), querystring: CodeQuery, hide: true } },
    (request, reply) => verify(request, reply, request.query.code ?? ''),
  );
  app.get<{ Params: Static<typeof CodeParams> }>(
    '/:locale/verify/:code',
    { schema: { params: CodeParams, hide: true } },
    (request, reply) => verify(request, reply, request.params.code),
  );
}
