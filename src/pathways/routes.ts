import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { LocaleParams, localeOf } from '../platform/http/locale-param.js';
import { publicPage } from '../platform/http/public-page.js';
import { sendPage } from '../platform/http/render.js';
import { answersQuery, FIELDS, formValues } from './answers-form.js';
import { checkPathways } from './check-pathways.js';
import { pathwayPdf } from './pathway-document.js';
import { pathwayPaper } from './pathway-paper.js';
import { readRules } from './rules.js';
import { PathwayPage } from './views/PathwayPage.js';

const Answer = Type.Optional(Type.String({ maxLength: 40 }));
export const PathwayQuery = Type.Object({
  ...Object.fromEntries(FIELDS.map((f) => [f, Answer])),
  easy: Type.Optional(Type.String({ maxLength: 5 })),
});
type Query = Record<string, string | undefined>;

/**
 * The public pathway check (`/{locale}/pathway`) and its printable result. Both are GETs whose
 * answers travel in the query: nothing is stored, and the pages with answers are `no-store`.
 */
export async function pathwayRoutes(app: FastifyInstance, { portal }: AppDeps): Promise<void> {
  // Read and checked at start: a broken rules file stops the start with the file and field named.
  const rules = await readRules();

  app.get<{ Params: Static<typeof LocaleParams>; Querystring: Query }>(
    '/:locale/pathway',
    { schema: { params: LocaleParams, querystring: PathwayQuery, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const check = await checkPathways({ values: formValues(request.query), locale, rules }, ctx);
      if (check.parsed.kind !== 'empty') reply.header('cache-control', 'no-store');
      const status = check.parsed.kind === 'invalid' ? 400 : 200;
      return sendPage(reply, PathwayPage({ page, check, easy: request.query.easy === '1' }), status);
    },
  );

  app.get<{ Params: Static<typeof LocaleParams>; Querystring: Query }>(
    '/:locale/pathway/result.pdf',
    {
      schema: { params: LocaleParams, querystring: PathwayQuery, hide: true },
      // A PDF costs the server about a hundred times a page: a person prints a few, a flood is cut off.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      const values = formValues(request.query);
      const check = await checkPathways({ values, locale, rules }, ctx);
      // Incomplete answers: back to the form, which names what is wrong.
      if (check.parsed.kind !== 'answered') return reply.redirect(`/${locale}/pathway?${answersQuery(values)}`, 303);
      const pdf = await pathwayPdf(
        pathwayPaper({
          authorityName: page.siteName,
          locale,
          values,
          results: check.results,
          documents: check.documents,
          today: check.today,
          rulesDate: check.rulesDate,
        }),
      );
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="pathway-${check.today}.pdf"`)
        .type('application/pdf')
        .send(Buffer.from(pdf));
    },
  );
}
