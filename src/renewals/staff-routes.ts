import multipart from '@fastify/multipart';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import type { StaffPage } from '../platform/staff/StaffLayout.js';
import type { Context } from '../platform/context.js';
import type { AppDeps } from '../platform/app-deps.js';

import { HttpProblem } from '../platform/http/errors.js';
import { asClientProblem, checkMultipartHeaders } from '../platform/http/multipart-spool.js';
import { sendPage } from '../platform/http/render.js';
import { findImport } from './find-import.js';
import { IMPORT_JOB } from './import-permits.js';
import { listImports } from './list-imports.js';
import { MAX_ROWS, type Column } from './permit-csv.js';
import { MAX_UPLOAD_BYTES, startImport, type StartImportResult } from './start-import.js';
import { updateRenewalSettings } from './update-renewal-settings.js';
import { RenewalsPage, type RenewalsNotice } from './views/RenewalsPage.js';
import { ImportPage } from './views/ImportPage.js';
import { isUuid } from '../platform/ids.js';
import { ownEntry } from '../platform/own-entry.js';

type Deps = AppDeps;

const Short = Type.Optional(Type.String({ maxLength: 200 }));
const OverviewQuery = Type.Object({ notice: Short });
// Checked in the handlers, not the schema: the guard must refuse the unauthorised before any 400.
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const SettingsBody = Type.Object({ _csrf: Short, weeksBefore: Short });

interface Upload {
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly truncated: boolean;
}

/** A form's fields and multipart overhead beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads the import form, after the guard: the CSRF token and the one file, held in a buffer that
 * the plugin's size limit bounds (a register must be parsed whole anyway). A body that is not a
 * form with a boundary is a 400 before any of it is read; one announced above the limit a 413.
 */
async function readImportForm(request: FastifyRequest): Promise<{ csrf: string; upload: Upload | null }> {
  checkMultipartHeaders(request, MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES);
  let csrf = '';
  let upload: Upload | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !upload) {
          upload = { fileName: part.filename, bytes, truncated: part.file.truncated };
        }
      } else if (part.fieldname === '_csrf' && typeof part.value === 'string') {
        csrf = part.value;
      }
    }
  } catch (error) {
    throw asClientProblem(error);
  }
  return { csrf, upload };
}

type FileRefusal = Extract<StartImportResult, { ok: false }>;

function noticeFor(
  page: StaffPage,
  result: FileRefusal & { reason: Exclude<FileRefusal['reason'], 'notAllowed'> },
): RenewalsNotice {
  const columns = result.columns.map((c: Column) => page.t.t(`renewals.field.${c}`)).join(', ');
  switch (result.reason) {
    case 'missingColumns':
      return { key: 'renewals.notice.missingColumns', values: { columns }, ok: false };
    case 'duplicateColumn':
      return { key: 'renewals.notice.duplicateColumn', values: { columns }, ok: false };
    case 'tooManyRows':
      return { key: 'renewals.notice.tooManyRows', values: { max: MAX_ROWS }, ok: false };
    case 'tooLarge':
      return { key: 'renewals.notice.tooLarge', values: { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 }, ok: false };
    default:
      return { key: `renewals.notice.${result.reason}`, ok: false };
  }
}

const NOTICES: Record<string, RenewalsNotice> = {
  saved: { key: 'renewals.notice.saved', ok: true },
  badWeeks: { key: 'renewals.notice.badWeeks', ok: false },
};

/**
 * The register of issued permits (upload, the imports' progress and reports) and when holders are
 * reminded. The upload is a multipart form read in its handler, so the guard has authenticated
 * the session and checked the action before a byte of the body is read (`staffCsrf: 'afterBody'`:
 * the handler checks the token once it has the fields).
 */
export async function renewalStaffRoutes(app: FastifyInstance, deps: Deps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const overview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    notice: ((page: StaffPage) => RenewalsNotice) | RenewalsNotice | null,
    status: number,
  ) => {
    const listed = await listImports(ctxOf(request));
    if (!listed) throw new StaffDenied('forbidden');
    const page = await staffPage(request, http);
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      RenewalsPage({
        page,
        overview: listed,
        notice: typeof notice === 'function' ? notice(page) : notice,
      }),
      status,
    );
  };

  await app.register(async (scope) => {
    // Only the import reads a multipart body, in its handler, after the guard (session, action).
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
    });

    scope.get<{ Querystring: Static<typeof OverviewQuery> }>(
      '/staff/renewals',
      { config: { staff: 'renewals.manage' }, schema: { querystring: OverviewQuery, hide: true } },
      (request, reply) => overview(request, reply, ownEntry(NOTICES, request.query.notice) ?? null, 200),
    );

    scope.post(
      '/staff/renewals/imports',
      { config: { staff: 'renewals.manage', staffCsrf: 'afterBody' }, schema: { hide: true } },
      async (request, reply) => {
        const { csrf, upload } = await readImportForm(request);
        if (!request.staff!.csrfValid(csrf)) throw new StaffDenied('csrf');
        const result = await startImport(
          { fileName: upload?.fileName ?? '', bytes: upload?.bytes ?? null, truncated: upload?.truncated ?? false },
          ctxOf(request),
        );
        if (!result.ok) {
          const { reason } = result;
          if (reason === 'notAllowed') throw new StaffDenied('forbidden');
          const status = reason === 'tooLarge' ? 413 : reason === 'noFile' ? 400 : 422;
          return overview(request, reply, (page) => noticeFor(page, { ...result, reason }), status);
        }
        await deps.jobs.runNow(IMPORT_JOB);
        return reply.redirect(`/staff/renewals/imports/${result.importId}`, 303);
      },
    );

    scope.get<{ Params: Static<typeof IdParams> }>(
      '/staff/renewals/imports/:id',
      { config: { staff: 'renewals.manage' }, schema: { params: IdParams, hide: true } },
      async (request, reply) => {
        const report = isUuid(request.params.id)
          ? await findImport({ importId: request.params.id, report: true }, ctxOf(request))
          : null;
        if (!report) throw new HttpProblem(404, 'notFound');
        reply.header('cache-control', 'no-store');
        return sendPage(reply, ImportPage({ page: await staffPage(request, http), report }));
      },
    );

    scope.get<{ Params: Static<typeof IdParams> }>(
      '/staff/renewals/imports/:id/progress.json',
      { config: { staff: 'renewals.manage' }, schema: { params: IdParams, hide: true } },
      async (request, reply) => {
        const progress = isUuid(request.params.id)
          ? await findImport({ importId: request.params.id, report: false }, ctxOf(request))
          : null;
        if (!progress) throw new HttpProblem(404, 'notFound');
        const { t } = await staffPage(request, http);
        return reply.header('cache-control', 'no-store').send({
          status: progress.status,
          total: progress.totalRows,
          processed: progress.processedRows,
          accepted: progress.acceptedRows,
          rejected: progress.rejectedRows,
          statusText: t.t('renewals.import.status', { status: t.t(`renewals.status.${progress.status}`) }),
          countText: t.t('renewals.import.count', { processed: progress.processedRows, total: progress.totalRows }),
        });
      },
    );

    scope.post<{ Body: Static<typeof SettingsBody> }>(
      '/staff/renewals/settings',
      { config: { staff: 'renewals.manage' }, schema: { body: SettingsBody, hide: true } },
      async (request, reply) => {
        const text = (request.body.weeksBefore ?? '').trim();
        const result = /^[0-9]{1,2}$/.test(text)
          ? await updateRenewalSettings({ weeksBefore: Number(text) }, ctxOf(request))
          : { ok: false as const, reason: 'badWeeks' as const };
        if (!result.ok && result.reason === 'notAllowed') throw new StaffDenied('forbidden');
        if (!result.ok) return overview(request, reply, NOTICES.badWeeks!, 400);
        return reply.redirect('/staff/renewals?notice=saved', 303);
      },
    );
  });
}
