/** Publishing modules to the installation's other authorities, and taking a copy of theirs. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import { sendPage } from '../platform/http/render.js';
import { isUuid } from '../platform/ids.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { refuse, slugOf, toolkitContext } from './http.js';
import { listPublished } from './list-published.js';
import { publishModule } from './publish-module.js';
import { takePublished } from './take-published.js';
import { SharedPage } from './views/SharedPage.js';

const Short = Type.Optional(Type.String({ maxLength: 200 }));
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const PublishBody = Type.Object({ _csrf: Short, published: Short });
const TakeBody = Type.Object({ _csrf: Short, authority: Short, slug: Short });

export async function sharingRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  app.get(
    '/staff/toolkit/shared',
    { config: { staff: 'toolkit.edit' }, schema: { hide: true } },
    async (request, reply) => {
      const modules = await listPublished(toolkitContext(deps, request));
      if (!modules) throw new StaffDenied('forbidden');
      reply.header('cache-control', 'no-store');
      return sendPage(reply, SharedPage({ page: await staffPage(request, http), modules }));
    },
  );

  app.post<{ Body: Static<typeof TakeBody> }>(
    '/staff/toolkit/shared',
    { config: { staff: 'toolkit.edit' }, schema: { body: TakeBody, hide: true } },
    async (request, reply) => {
      const { authority = '', slug = '' } = request.body;
      const result = isUuid(authority)
        ? await takePublished({ authorityId: authority, slug }, toolkitContext(deps, request))
        : ({ ok: false, reason: 'notFound' } as const);
      if (result.ok) return reply.redirect(`/staff/toolkit/${result.slug}?notice=imported`, 303);
      // A published module always reads; one withdrawn meanwhile is simply no longer offered.
      if (result.reason === 'badFile') return reply.redirect('/staff/toolkit/shared', 303);
      return refuse(result.reason);
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof PublishBody> }>(
    '/staff/toolkit/:slug/publish',
    { config: { staff: 'toolkit.edit' }, schema: { params: SlugParams, body: PublishBody, hide: true } },
    async (request, reply) => {
      const slug = slugOf(request);
      const published = request.body.published === 'true';
      const result = await publishModule({ slug, published }, toolkitContext(deps, request));
      if (!result.ok) refuse(result.reason);
      return reply.redirect(`/staff/toolkit/${slug}?notice=${published ? 'published' : 'withdrawn'}`, 303);
    },
  );
}
