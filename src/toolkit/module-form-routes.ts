/** Writing modules: the form for a new module and for the next version of one, and saving them. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { sendPage } from '../platform/http/render.js';
import type { FormError } from '../platform/staff/components.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { type ContentDraft, ERROR_FIELD } from './module-content.js';
import { refuse, slugOf, toolkitContext } from './http.js';
import { saveModule } from './save-module.js';
import { showModule } from './show-module.js';
import { draftOf } from './module-content.js';
import { type ModuleForm, ModuleFormPage } from './views/ModuleFormPage.js';

const Text = Type.Optional(Type.String({ maxLength: 25_000 }));
const Short = Type.Optional(Type.String({ maxLength: 600 }));
const ModuleBody = Type.Object({
  _csrf: Short,
  baseVersion: Short,
  title: Short,
  slug: Short,
  area: Short,
  goal: Text,
  steps: Text,
  materials: Text,
  experience: Text,
  features: Type.Optional(Type.String({ maxLength: 1200 })),
  note: Short,
});
type Body = Static<typeof ModuleBody>;
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });

function draftFrom(body: Body): ContentDraft {
  return {
    slug: body.slug ?? '',
    title: body.title ?? '',
    area: body.area ?? '',
    goal: body.goal ?? '',
    steps: body.steps ?? '',
    materials: body.materials ?? '',
    experience: body.experience ?? '',
    features: body.features ?? '',
  };
}

const EMPTY: ContentDraft = {
  slug: '',
  title: '',
  area: 'self-understanding',
  goal: '',
  steps: '',
  materials: '',
  experience: '',
  features: '',
};

export async function moduleFormRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const render = async (request: FastifyRequest, reply: FastifyReply, form: ModuleForm, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendPage(reply, ModuleFormPage({ page: await staffPage(request, http), form }), status);
  };

  /** Saves a new module (slug null) or a version; on any fault the form again, with everything typed. */
  const save = async (request: FastifyRequest<{ Body: Body }>, reply: FastifyReply, slug: string | null) => {
    const draft = draftFrom(request.body);
    const note = request.body.note ?? '';
    const base = /^[1-9][0-9]{0,6}$/.test(request.body.baseVersion ?? '') ? Number(request.body.baseVersion) : null;
    const result = await saveModule({ slug, baseVersion: base, draft, note }, toolkitContext(deps, request));
    if (result.ok) {
      const notice = slug === null ? 'created' : 'saved';
      return reply.redirect(`/staff/toolkit/${result.slug}?notice=${notice}`, 303);
    }
    const form = { ...(slug ? { slug } : {}), ...(base ? { baseVersion: base } : {}), draft, note };
    switch (result.reason) {
      case 'invalid': {
        const errors: FormError[] = result.errors.map((e) => ({
          field: ERROR_FIELD[e],
          message: `toolkit.error.${e}`,
        }));
        return render(request, reply, { ...form, errors }, 400);
      }
      case 'slugTaken':
        return render(
          request,
          reply,
          { ...form, errors: [{ field: 'slug', message: 'toolkit.error.slugTaken' }] },
          409,
        );
      case 'changedMeanwhile':
        // The next save builds on the version now current, with the text typed kept.
        return render(
          request,
          reply,
          { ...form, baseVersion: result.currentVersion, errors: [], changedMeanwhile: result.currentVersion },
          409,
        );
      default:
        return refuse(result.reason);
    }
  };

  app.get('/staff/toolkit/new', { config: { staff: 'toolkit.edit' }, schema: { hide: true } }, (request, reply) =>
    render(request, reply, { draft: EMPTY, note: '', errors: [] }),
  );

  app.post<{ Body: Body }>(
    '/staff/toolkit',
    { config: { staff: 'toolkit.edit' }, schema: { body: ModuleBody, hide: true } },
    (request, reply) => save(request, reply, null),
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/staff/toolkit/:slug/edit',
    { config: { staff: 'toolkit.edit' }, schema: { params: SlugParams, hide: true } },
    async (request, reply) => {
      const shown = await showModule({ slug: slugOf(request) }, toolkitContext(deps, request));
      if (!shown.ok) refuse(shown.reason);
      const { module, shown: current } = shown.view;
      return render(request, reply, {
        slug: module.slug,
        baseVersion: module.currentVersion,
        draft: draftOf(current.content),
        note: '',
        errors: [],
      });
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Body }>(
    '/staff/toolkit/:slug',
    { config: { staff: 'toolkit.edit' }, schema: { params: SlugParams, body: ModuleBody, hide: true } },
    (request, reply) => save(request, reply, slugOf(request)),
  );
}
