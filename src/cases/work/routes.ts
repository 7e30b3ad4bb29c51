import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { list, staffAuthority, staffPage, type StaffHttpDeps } from '../../platform/staff/staff-http.js';
import { issueFiktionsbescheinigung } from '../fiktionsbescheinigung/issue-fiktionsbescheinigung.js';
import { printFiktionsbescheinigung } from '../fiktionsbescheinigung/print-fiktionsbescheinigung.js';
import type { Context } from '../../platform/context.js';
import type { AppDeps } from '../../platform/app-deps.js';
import type { CaseDeps } from '../cases-deps.js';

import { HttpProblem } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/render.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { actOnCase } from './act-on-case.js';
import { addCaseNote } from './add-case-note.js';
import { assignCase } from './assign-case.js';
import { listInbox } from './list-inbox.js';
import { openCaseFile } from './open-case-file.js';
import { openCase } from './open-case.js';
import { requestDocuments } from '../documents/request-documents.js';
import { CasePage } from './views/CasePage.js';
import { InboxPage } from './views/InboxPage.js';

type Deps = AppDeps & { readonly cases: CaseDeps };

const Short = Type.Optional(Type.String({ maxLength: 200 }));
const InboxQuery = Type.Object({ state: Short, service: Short, language: Short, deadline: Short, assigned: Short });
// Checked in the handlers, not the schema: the guard must refuse the unauthorised before any 400.
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const ActionParams = Type.Object({ id: Type.String({ maxLength: 60 }), action: Type.String({ maxLength: 40 }) });
const FileParams = Type.Object({ id: Type.String({ maxLength: 60 }), fileId: Type.String({ maxLength: 60 }) });
const CaseQuery = Type.Object({ notice: Short });
// Each form's own fields; what they say is checked by the use cases, which answer with a notice.
const AssignBody = Type.Object({ _csrf: Short, toMe: Short });
const NoteBody = Type.Object({ _csrf: Short, body: Type.Optional(Type.String({ maxLength: 5000 })) });
const RequestBody = Type.Object({
  _csrf: Short,
  template: Short,
  dueOn: Short,
  documents: Type.Optional(
    Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 30 })]),
  ),
});
const FiktionBody = Type.Object({ _csrf: Short, formNumber: Short, validUntil: Short });
const ActionBody = Type.Object({
  _csrf: Short,
  heardOn: Short,
  reasons: Type.Optional(Type.String({ maxLength: 5000 })),
  counsellingInfoGiven: Short,
});

const NOTICE_KEYS = new Set([
  'done',
  'notOpen',
  'badNumber',
  'numberUsed',
  'badValidity',
  'noteEmpty',
  'noDocuments',
  'badDate',
  'not_allowed_from_state',
  'same_person',
  'role_missing',
  'hearing_missing',
  'hearing_date_invalid',
  'reasons_missing',
  'reasons_too_short',
  'counselling_missing',
  'proposal_missing',
  'proposal_pending',
]);

function noticeOf(code: string | undefined): { key: StaffMessageKey; ok: boolean } | null {
  if (!code || !NOTICE_KEYS.has(code)) return code ? { key: 'cases.refused.other', ok: false } : null;
  if (code === 'done') return { key: 'cases.done', ok: true };
  if (code === 'noteEmpty') return { key: 'cases.noteEmpty', ok: false };
  if (code === 'noDocuments' || code === 'badDate') return { key: `cases.requestRefused.${code}`, ok: false };
  if (code === 'notOpen' || code === 'badNumber' || code === 'numberUsed' || code === 'badValidity')
    return { key: `cases.fiktion.${code}`, ok: false };
  return {
    key: code === 'reasons_too_short' ? 'cases.refused.reasons_missing' : (`cases.refused.${code}` as StaffMessageKey),
    ok: false,
  };
}

/**
 * The caseworkers' inbox and case pages: open, take, note, request documents, act. Reading needs
 * `cases.view`, every POST `cases.work`; each use case asks the policy again with the loaded case
 * (its service), and the state actions also `cases.decide` or `cases.approve_refusal`. A refusal
 * answers 404 like an unknown case: it does not reveal that the case exists.
 */
export async function caseStaffRoutes(app: FastifyInstance, deps: Deps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const back = (id: string, notice: string) =>
    `/staff/cases/${encodeURIComponent(id)}?notice=${encodeURIComponent(notice)}`;

  app.get<{ Querystring: Static<typeof InboxQuery> }>(
    '/staff/cases',
    { config: { staff: 'cases.view' }, schema: { querystring: InboxQuery, hide: true } },
    async (request, reply) => {
      const { entries, services } = await listInbox(request.query, ctxOf(request));
      return sendPage(
        reply,
        InboxPage({ page: await staffPage(request, http), entries, services, filter: request.query }),
      );
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof CaseQuery> }>(
    '/staff/cases/:id',
    { config: { staff: 'cases.view' }, schema: { params: IdParams, querystring: CaseQuery, hide: true } },
    async (request, reply) => {
      const view = await openCase({ caseId: request.params.id, locale: request.staff!.locale }, ctxOf(request));
      if (!view) throw new HttpProblem(404, 'notFound');
      return sendPage(
        reply,
        CasePage({ page: await staffPage(request, http), view, notice: noticeOf(request.query.notice) }),
      );
    },
  );

  app.get<{ Params: Static<typeof FileParams> }>(
    '/staff/cases/:id/files/:fileId',
    { config: { staff: 'cases.view' }, schema: { params: FileParams, hide: true } },
    async (request, reply) => {
      const found = await openCaseFile(
        { caseId: request.params.id, fileId: request.params.fileId },
        ctxOf(request),
        deps.cases.vault,
      );
      if (!found) throw new HttpProblem(404, 'notFound');
      // Shown in the browser, never run: the file's own type (checked by content), and a sandbox for any active content.
      return reply
        .header('cache-control', 'no-store')
        .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
        .header('content-disposition', `inline; filename="${found.file.fileName.replace(/["\\\r\n]/g, '_')}"`)
        .type(found.file.mediaType)
        .send(found.content);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AssignBody> }>(
    '/staff/cases/:id/assign',
    { config: { staff: 'cases.work' }, schema: { params: IdParams, body: AssignBody, hide: true } },
    async (request, reply) => {
      const ok = await assignCase({ caseId: request.params.id, toMe: request.body.toMe === 'yes' }, ctxOf(request));
      if (!ok) throw new HttpProblem(404, 'notFound');
      return reply.redirect(back(request.params.id, 'done'), 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoteBody> }>(
    '/staff/cases/:id/notes',
    { config: { staff: 'cases.work' }, schema: { params: IdParams, body: NoteBody, hide: true } },
    async (request, reply) => {
      const result = await addCaseNote({ caseId: request.params.id, body: request.body.body ?? '' }, ctxOf(request));
      if (result === 'unknown') throw new HttpProblem(404, 'notFound');
      return reply.redirect(back(request.params.id, result === 'ok' ? 'done' : 'noteEmpty'), 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RequestBody> }>(
    '/staff/cases/:id/requests',
    { config: { staff: 'cases.work' }, schema: { params: IdParams, body: RequestBody, hide: true } },
    async (request, reply) => {
      const result = await requestDocuments(
        {
          caseId: request.params.id,
          documents: list(request.body.documents),
          template: request.body.template ?? '',
          dueOn: request.body.dueOn ?? '',
        },
        ctxOf(request),
        deps.cases,
      );
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      return reply.redirect(back(request.params.id, result.ok ? 'done' : result.reason), 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof FiktionBody> }>(
    '/staff/cases/:id/fiktionsbescheinigungen',
    { config: { staff: 'cases.work' }, schema: { params: IdParams, body: FiktionBody, hide: true } },
    async (request, reply) => {
      const result = await issueFiktionsbescheinigung(
        {
          caseId: request.params.id,
          formNumber: request.body.formNumber ?? '',
          validUntil: request.body.validUntil ?? '',
        },
        ctxOf(request),
      );
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      return reply.redirect(back(request.params.id, result.ok ? 'done' : result.reason), 303);
    },
  );

  app.get<{ Params: Static<typeof FileParams> }>(
    '/staff/cases/:id/fiktionsbescheinigungen/:fileId',
    { config: { staff: 'cases.view' }, schema: { params: FileParams, hide: true } },
    async (request, reply) => {
      const printed = await printFiktionsbescheinigung(
        { caseId: request.params.id, id: request.params.fileId, authorityName: (await staffAuthority(http)).name },
        ctxOf(request),
      );
      if (!printed) throw new HttpProblem(404, 'notFound');
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="Fiktionsbescheinigung-${printed.formNumber}.pdf"`)
        .type('application/pdf')
        .send(Buffer.from(printed.pdf));
    },
  );

  app.post<{ Params: Static<typeof ActionParams>; Body: Static<typeof ActionBody> }>(
    '/staff/cases/:id/actions/:action',
    { config: { staff: 'cases.work' }, schema: { params: ActionParams, body: ActionBody, hide: true } },
    async (request, reply) => {
      const result = await actOnCase(
        {
          caseId: request.params.id,
          type: request.params.action,
          input: {
            heardOn: request.body.heardOn,
            reasons: request.body.reasons,
            counsellingInfoGiven: request.body.counsellingInfoGiven === 'yes',
          },
        },
        ctxOf(request),
      );
      if (!result.ok && result.reason === 'unknown') throw new HttpProblem(404, 'notFound');
      return reply.redirect(back(request.params.id, result.ok ? 'done' : result.reason), 303);
    },
  );
}
