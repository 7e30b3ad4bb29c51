import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { LocaleParams, localeOf } from '../platform/http/locale-param.js';
import { replyWithCachedPage } from '../platform/http/page-cache.js';
import { publicPage } from '../platform/http/public-page.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../platform/i18n/locales.js';
import { listProcessingTimes } from './list-processing-times.js';
import { ProcessingTimesPage } from './views/ProcessingTimesPage.js';

const Day = Type.String({ format: 'date' });
const Days = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
const ProcessingTimesSchema = Type.Object(
  {
    period: Type.Union([Type.Object({ from: Day, to: Day }), Type.Null()], {
      description: 'Decisions counted (office days, inclusive); null before the first nightly aggregation',
    }),
    minimumCases: Type.Integer({ description: 'Below this many decided cases no figure is published' }),
    services: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        slug: Type.String(),
        name: Type.String(),
        cases: Type.Integer({ description: 'Applications decided in the period' }),
        medianDays: Type.Union([Days], {
          description: 'Half were decided within this many days; null: not enough data',
        }),
        p80Days: Type.Union([Days], {
          description: '8 in 10 were decided within this many days; null: not enough data',
        }),
        enoughData: Type.Boolean(),
      }),
    ),
  },
  { additionalProperties: false },
);
const ApiQuery = Type.Object({
  locale: Type.Optional(
    Type.Union(
      LOCALES.map((l) => Type.Literal(l)),
      { description: 'Language of the names; default de' },
    ),
  ),
});

/** The public processing times: `/{locale}/processing-times` (page cache) and `/api/v1/processing-times`. */
export async function processingTimeRoutes(app: FastifyInstance, { portal, pages }: AppDeps): Promise<void> {
  app.get<{ Params: Static<typeof LocaleParams> }>(
    '/:locale/processing-times',
    { schema: { params: LocaleParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () =>
        ProcessingTimesPage({ page, times: await listProcessingTimes({ locale }, ctx) }),
      );
    },
  );

  app.get<{ Querystring: Static<typeof ApiQuery> }>(
    '/api/v1/processing-times',
    {
      schema: {
        summary: 'Processing times per service: median and 80th percentile in days over the last 6 months',
        tags: ['catalogue'],
        querystring: ApiQuery,
        response: { 200: ProcessingTimesSchema },
      },
    },
    async (request) => {
      const locale: Locale = request.query.locale ?? DEFAULT_LOCALE;
      const { ctx } = await publicPage(portal, locale);
      const times = await listProcessingTimes({ locale }, ctx);
      return {
        ...times,
        services: times.services.map((s) => ({ ...s, enoughData: s.medianDays !== null })),
      };
    },
  );
}
