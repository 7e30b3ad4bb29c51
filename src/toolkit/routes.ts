import multipart from '@fastify/multipart';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import { can } from '../platform/access/policies.js';
import type { AppDeps } from '../platform/app-deps.js';
import { HttpProblem } from '../platform/http/errors.js';
import { asClientProblem, checkMultipartHeaders } from '../platform/http/multipart-spool.js';
import { sendPage } from '../platform/http/render.js';
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import { ownEntry } from '../platform/own-entry.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { exportModule } from './export-module.js';
import { importModule } from './import-module.js';
import { listModules } from './list-modules.js';
import { listUnread } from './list-unread.js';
import { listVersions } from './list-versions.js';
import { markRead } from './mark-read.js';
import { MAX_FILE_BYTES } from './module-file.js';
import { moduleFormRoutes } from './module-form-routes.js';
import { refuse, slugOf, toolkitContext } from './http.js';
import { setBinding } from './set-binding.js';
import { sharingRoutes } from './sharing-routes.js';
import { showModule } from './show-module.js';
import { HistoryPage } from './views/HistoryPage.js';
import { ImportPage } from './views/ImportPage.js';
import { ModulePage } from './views/ModulePage.js';
import { ToolkitPage } from './views/ToolkitPage.js';
import { UnreadPage } from './views/UnreadPage.js';

const Short = Type.Optional(Type.String({ maxLength: 200 }));
// Slugs and versions are checked in the handlers, not the schema: the guard refuses the unauthorised first.
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const VersionParams = Type.Object({ slug: Type.String({ maxLength: 200 }), version: Type.String({ maxLength: 20 }) });
const ListQuery = Type.Object({ q: Short });
const NoticeQuery = Type.Object({ notice: Short });
const ReadBody = Type.Object({ _csrf: Short, version: Short });
const BindingBody = Type.Object({ _csrf: Short, binding: Short });

const NOTICES: Record<string, { key: StaffMessageKey; ok: boolean }> = {
  saved: { key: 'toolkit.notice.saved', ok: true },
  created: { key: 'toolkit.notice.created', ok: true },
  imported: { key: 'toolkit.notice.imported', ok: true },
  bindingSet: { key: 'toolkit.notice.bindingSet', ok: true },
  bindingLifted: { key: 'toolkit.notice.bindingLifted', ok: true },
  published: { key: 'toolkit.notice.published', ok: true },
  withdrawn: { key: 'toolkit.notice.withdrawn', ok: true },
  read: { key: 'toolkit.notice.read', ok: true },
  newerVersion: { key: 'toolkit.notice.newerVersion', ok: false },
};

/** Reads the import form after the guard: the token, the pasted text and at most one file. */
async function readImportForm(request: FastifyRequest): Promise<{ csrf: string; text: string; file: Buffer | null }> {
  checkMultipartHeaders(request, MAX_FILE_BYTES * 6);
  let csrf = '';
  let text = '';
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && bytes.length > 0 && !file) file = bytes;
      } else if (typeof part.value === 'string') {
        if (part.fieldname === '_csrf') csrf = part.value;
        if (part.fieldname === 'text') text = part.value;
      }
    }
  } catch (error) {
    throw asClientProblem(error);
  }
  return { csrf, text, file };
}

/** The toolkit of practices (Werkzeugkoffer) in the staff area. */
export async function toolkitRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest) => toolkitContext(deps, request);
  const mayEdit = (request: FastifyRequest) =>
    can(request.staff!.actor, 'toolkit.edit', { authorityId: request.staff!.actor.authorityId });

  const showPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    version: number | undefined,
    notice: string | undefined,
  ) => {
    const shown = await showModule({ slug, ...(version === undefined ? {} : { version }) }, ctxOf(request));
    if (!shown.ok) refuse(shown.reason);
    const page = await staffPage(request, http);
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      ModulePage({ page, view: shown.view, canEdit: mayEdit(request), notice: ownEntry(NOTICES, notice) ?? null }),
    );
  };

  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      // One byte over the limit, so that a larger file is seen as too large rather than cut off.
      limits: { fileSize: MAX_FILE_BYTES + 1, files: 1, fields: 5, fieldSize: MAX_FILE_BYTES * 4, parts: 6 },
    });

    scope.get<{ Querystring: Static<typeof ListQuery> }>(
      '/staff/toolkit',
      { config: { staff: 'toolkit.read' }, schema: { querystring: ListQuery, hide: true } },
      async (request, reply) => {
        const query = (request.query.q ?? '').trim();
        const listed = await listModules({ query }, ctxOf(request));
        if (!listed) throw new StaffDenied('forbidden');
        const page = await staffPage(request, http);
        reply.header('cache-control', 'no-store');
        return sendPage(reply, ToolkitPage({ page, modules: listed.modules, query, canEdit: mayEdit(request) }));
      },
    );

    scope.get(
      '/staff/toolkit/import',
      { config: { staff: 'toolkit.edit' }, schema: { hide: true } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return sendPage(reply, ImportPage({ page: await staffPage(request, http), error: null, text: '' }));
      },
    );

    scope.post(
      '/staff/toolkit/import',
      { config: { staff: 'toolkit.edit', staffCsrf: 'afterBody' }, schema: { hide: true } },
      async (request, reply) => {
        const form = await readImportForm(request);
        if (!request.staff!.csrfValid(form.csrf)) throw new StaffDenied('csrf');
        const result = await importModule(form.file ? { bytes: form.file } : { text: form.text }, ctxOf(request));
        if (!result.ok && result.reason === 'notAllowed') throw new StaffDenied('forbidden');
        if (!result.ok) {
          const page = await staffPage(request, http);
          // What was pasted stays as typed; a file's text is shown as far as it could be read.
          const text = form.file ? result.text : form.text;
          const status = result.error.reason === 'tooLarge' ? 413 : 422;
          return sendPage(reply, ImportPage({ page, error: result.error, text }), status);
        }
        return reply.redirect(`/staff/toolkit/${result.slug}?notice=imported`, 303);
      },
    );

    scope.get<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof NoticeQuery> }>(
      '/staff/toolkit/:slug',
      { config: { staff: 'toolkit.read' }, schema: { params: SlugParams, querystring: NoticeQuery, hide: true } },
      (request, reply) => showPage(request, reply, slugOf(request), undefined, request.query.notice),
    );

    scope.get<{ Params: Static<typeof VersionParams> }>(
      '/staff/toolkit/:slug/versions/:version',
      { config: { staff: 'toolkit.read' }, schema: { params: VersionParams, hide: true } },
      (request, reply) => {
        const version = /^[1-9][0-9]{0,6}$/.test(request.params.version) ? Number(request.params.version) : null;
        if (version === null) throw new HttpProblem(404, 'notFound');
        return showPage(request, reply, slugOf(request), version, undefined);
      },
    );

    scope.get<{ Params: Static<typeof SlugParams> }>(
      '/staff/toolkit/:slug/history',
      { config: { staff: 'toolkit.read' }, schema: { params: SlugParams, hide: true } },
      async (request, reply) => {
        const result = await listVersions({ slug: slugOf(request) }, ctxOf(request));
        if (!result.ok) refuse(result.reason);
        const page = await staffPage(request, http);
        reply.header('cache-control', 'no-store');
        const title = result.versions[0]?.title ?? result.module.slug;
        return sendPage(reply, HistoryPage({ page, slug: result.module.slug, title, versions: result.versions }));
      },
    );

    scope.get<{ Params: Static<typeof SlugParams> }>(
      '/staff/toolkit/:slug/export',
      { config: { staff: 'toolkit.read' }, schema: { params: SlugParams, hide: true } },
      async (request, reply) => {
        const result = await exportModule({ slug: slugOf(request) }, ctxOf(request));
        if (!result.ok) refuse(result.reason);
        return reply
          .header('cache-control', 'no-store')
          .header('content-type', 'text/markdown; charset=utf-8')
          .header('content-disposition', `attachment; filename="${result.fileName}"`)
          .send(result.text);
      },
    );

    scope.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof ReadBody> }>(
      '/staff/toolkit/:slug/read',
      { config: { staff: 'toolkit.read' }, schema: { params: SlugParams, body: ReadBody, hide: true } },
      async (request, reply) => {
        const slug = slugOf(request);
        const text = request.body.version ?? '';
        const version = /^[1-9][0-9]{0,6}$/.test(text) ? Number(text) : 0;
        const result = await markRead({ slug, version }, ctxOf(request));
        if (!result.ok && result.reason !== 'newerVersion') refuse(result.reason);
        return reply.redirect(`/staff/toolkit/${slug}?notice=${result.ok ? 'read' : 'newerVersion'}`, 303);
      },
    );

    scope.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof BindingBody> }>(
      '/staff/toolkit/:slug/binding',
      { config: { staff: 'toolkit.edit' }, schema: { params: SlugParams, body: BindingBody, hide: true } },
      async (request, reply) => {
        const slug = slugOf(request);
        const binding = request.body.binding === 'true';
        const result = await setBinding({ slug, binding }, ctxOf(request));
        if (!result.ok) refuse(result.reason);
        return reply.redirect(`/staff/toolkit/${slug}?notice=${binding ? 'bindingSet' : 'bindingLifted'}`, 303);
      },
    );

    scope.get<{ Params: Static<typeof SlugParams> }>(
      '/staff/toolkit/:slug/unread',
      { config: { staff: 'toolkit.edit' }, schema: { params: SlugParams, hide: true } },
      async (request, reply) => {
        const result = await listUnread({ slug: slugOf(request) }, ctxOf(request));
        if (!result.ok) refuse(result.reason);
        reply.header('cache-control', 'no-store');
        return sendPage(reply, UnreadPage({ page: await staffPage(request, http), report: result.report }));
      },
    );

    await moduleFormRoutes(scope, deps, http);
    await sharingRoutes(scope, deps, http);
  });
}
