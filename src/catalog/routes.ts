import type { ProcessingTimeLookup } from '../platform/reports/processing-time.js';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';

import { HttpProblem } from '../platform/http/errors.js';
import { LocaleParams, localeOf } from '../platform/http/locale-param.js';
import { replyWithCachedPage } from '../platform/http/page-cache.js';
import { sendPage } from '../platform/http/render.js';
import { publicPage } from '../platform/http/public-page.js';
import { findService } from './find-service.js';
import { guideStep, QUESTIONS } from './guide.js';
import { listServices } from './list-services.js';
import { CatalogPage } from './views/CatalogPage.js';
import { GuidePage } from './views/GuidePage.js';
import { ServicePage } from './views/ServicePage.js';

/**
 * The languages spoken at each location (competences, from who works at its counters). Given by the
 * composition root: competences reads appointments, which reads the catalogue, so no import here.
 */
export type SpokenAtLocations = (ctx: Context) => Promise<ReadonlyMap<string, readonly string[]>>;

type Deps = AppDeps & { readonly spokenAt: SpokenAtLocations; readonly processingTimes: ProcessingTimeLookup };

const CatalogQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });
const ServiceParams = Type.Object({ locale: Type.String({ maxLength: 20 }), slug: Type.String({ maxLength: 100 }) });
const GuideQuery = Type.Object(
  Object.fromEntries(Object.keys(QUESTIONS).map((id) => [id, Type.Optional(Type.String({ maxLength: 40 }))])),
);

/** Public HTML pages of the catalogue: list with search, one service, the guide. */
export async function catalogRoutes(
  app: FastifyInstance,
  { portal, pages, spokenAt, processingTimes }: Deps,
): Promise<void> {
  app.get<{ Params: Static<typeof LocaleParams>; Querystring: Static<typeof CatalogQuery> }>(
    '/:locale/services',
    { schema: { params: LocaleParams, querystring: CatalogQuery, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const query = request.query.q ?? '';
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () =>
        CatalogPage({ page, services: await listServices({ locale, query }, ctx), query }),
      );
    },
  );

  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/:locale/services/:slug',
    { schema: { params: ServiceParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () => {
        const found = await findService({ locale, slug: request.params.slug }, ctx);
        if (!found) throw new HttpProblem(404, 'notFound');
        const processingTime = found.service.onlineApplication
          ? await processingTimes(ctx, found.service.id)
          : undefined;
        return ServicePage({ page, found, spoken: await spokenAt(ctx), processingTime });
      });
    },
  );

  app.get<{ Params: Static<typeof LocaleParams>; Querystring: Record<string, string | undefined> }>(
    '/:locale/guide',
    { schema: { params: LocaleParams, querystring: GuideQuery, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const step = guideStep(request.query);
      if (step.kind === 'question' && step.invalid) return sendPage(reply, GuidePage({ page, step, results: [] }), 400);
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () => {
        if (step.kind === 'question') return GuidePage({ page, step, results: [] });
        const all = await listServices({ locale }, ctx);
        return GuidePage({
          page,
          step,
          results: step.outcome.services.flatMap((slug) => all.filter((s) => s.slug === slug)),
        });
      });
    },
  );
}
