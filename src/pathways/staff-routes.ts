import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { sendPage } from '../platform/http/render.js';
import { isLocale, type Locale } from '../platform/i18n/locales.js';
import { type StaffHttpDeps, staffAuthority, staffPage } from '../platform/staff/staff-http.js';
import { formValues } from './answers-form.js';
import { checkPathways } from './check-pathways.js';
import { printAdvice } from './print-advice.js';
import { PathwayQuery } from './routes.js';
import { readRules } from './rules.js';
import { AdvicePage } from './views/AdvicePage.js';

const AdviceQuery = Type.Object({
  ...PathwayQuery.properties,
  personLocale: Type.Optional(Type.String({ maxLength: 5 })),
});
type Query = Record<string, string | undefined>;

const personLocale = (query: Query): Locale => (isLocale(query.personLocale) ? query.personLocale : 'de');

/** The counter version of the pathway check (`pathways.advise`): the same questions, printed in two languages. */
export async function pathwayStaffRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const rules = await readRules();
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });

  app.get<{ Querystring: Query }>(
    '/staff/pathway',
    { config: { staff: 'pathways.advise' }, schema: { querystring: AdviceQuery, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const locale = personLocale(request.query);
      const check = await checkPathways(
        { values: formValues(request.query), locale: page.t.locale, rules },
        ctxOf(request),
      );
      reply.header('cache-control', 'no-store');
      return sendPage(reply, AdvicePage({ page, check, locale }), check.parsed.kind === 'invalid' ? 400 : 200);
    },
  );

  app.get<{ Querystring: Query }>(
    '/staff/pathway/advice.pdf',
    { config: { staff: 'pathways.advise' }, schema: { querystring: AdviceQuery, hide: true } },
    async (request, reply) => {
      const { name } = await staffAuthority(http);
      const result = await printAdvice(
        { values: formValues(request.query), locale: personLocale(request.query), rules, authorityName: name },
        ctxOf(request),
      );
      if (!result.ok && result.reason === 'notAllowed') throw new StaffDenied('forbidden');
      if (!result.ok)
        return reply.redirect(`/staff/pathway?${new URLSearchParams(request.query as Record<string, string>)}`, 303);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="beratung-perspektiven.pdf"')
        .type('application/pdf')
        .send(Buffer.from(result.pdf));
    },
  );
}
