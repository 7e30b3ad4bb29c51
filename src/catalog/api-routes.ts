import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';

import { HttpProblem } from '../platform/http/errors.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../platform/i18n/locales.js';
import { publicPage } from '../platform/http/public-page.js';
import { findService } from './find-service.js';
import { listServices } from './list-services.js';
import { presentDetail, presentSummary, ServiceDetailSchema, ServiceSummarySchema } from './presenters.js';

type Deps = AppDeps;

const LocaleQuery = Type.Object({
  locale: Type.Optional(
    Type.Union(
      LOCALES.map((l) => Type.Literal(l)),
      { description: 'Language of the texts; default de' },
    ),
  ),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to search for, in any of the seven languages' })),
});
const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
});

/** The public JSON API of the catalogue (`/api/v1/services`), described in the OpenAPI document. */
export async function catalogApiRoutes(app: FastifyInstance, { portal }: Deps): Promise<void> {
  app.get<{ Querystring: Static<typeof LocaleQuery> }>(
    '/api/v1/services',
    {
      schema: {
        summary: 'List the services of the authority',
        tags: ['catalogue'],
        querystring: LocaleQuery,
        response: { 200: Type.Object({ services: Type.Array(ServiceSummarySchema) }), 400: Problem },
      },
    },
    async (request) => {
      const locale: Locale = request.query.locale ?? DEFAULT_LOCALE;
      const { ctx } = await publicPage(portal, locale);
      const services = await listServices({ locale, query: request.query.q ?? '' }, ctx);
      return { services: services.map((s) => presentSummary(s, locale)) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: Static<typeof LocaleQuery> }>(
    '/api/v1/services/:id',
    {
      schema: {
        summary: 'One service with documents, fee, legal basis, durations and locations',
        tags: ['catalogue'],
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({ locale: LocaleQuery.properties.locale }),
        response: { 200: ServiceDetailSchema, 404: Problem, 400: Problem },
      },
    },
    async (request) => {
      const locale: Locale = request.query.locale ?? DEFAULT_LOCALE;
      const { ctx } = await publicPage(portal, locale);
      const found = await findService({ locale, slug: request.params.id }, ctx);
      if (!found) throw new HttpProblem(404, 'notFound');
      return presentDetail(found.service, found.locations, locale);
    },
  );
}
