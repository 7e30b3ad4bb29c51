import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import { officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import type { AppDeps } from '../platform/app-deps.js';
import { withTenant } from '../platform/database/index.js';
import { sendPage } from '../platform/http/render.js';
import { isUuid } from '../platform/ids.js';
import { sendCsv, toCsv } from '../platform/reports/csv.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { parsePeriod } from './figures-period.js';
import { readQuestionnaire } from './questionnaire.js';
import { DIMENSIONS, satisfactionFigures } from './satisfaction-figures.js';
import { type FigureQuery, groupLabel, SatisfactionPage } from './views/SatisfactionPage.js';

const Short = Type.Optional(Type.String({ maxLength: 60 }));
const FigureQuerySchema = Type.Object({ from: Short, to: Short, location: Short, service: Short, question: Short });
type Query = Static<typeof FigureQuerySchema>;

/** The filter as given, with what cannot be read replaced by the defaults (never an error for a filter). */
function filterOf(query: Query, locale: 'de' | 'en') {
  const period = parsePeriod(query.from, query.to, officeToday(Date.now()));
  const question = /^[a-z][a-z0-9_]{0,39}$/.test(query.question ?? '') ? query.question! : 'overall';
  return {
    period,
    locationId: isUuid(query.location ?? '') ? query.location! : null,
    serviceId: isUuid(query.service ?? '') ? query.service! : null,
    question,
    locale,
  };
}

/** `/staff/reports/satisfaction` and its CSV: the customer survey's figures (`reports.view`). */
export async function satisfactionRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });

  app.get<{ Querystring: Query }>(
    '/staff/reports/satisfaction',
    { config: { staff: 'reports.view' }, schema: { querystring: FigureQuerySchema, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const filter = filterOf(request.query, page.t.locale);
      const figures = await satisfactionFigures(filter, ctxOf(request));
      if (!figures) throw new StaffDenied('forbidden');
      const questions = await withTenant(deps.db.pool, ctxOf(request).authorityId, (tx) =>
        readQuestionnaire(tx, page.t.locale, true),
      );
      const query: FigureQuery = {
        from: filter.period.from.slice(0, 7),
        to: filter.period.to.slice(0, 7),
        location: filter.locationId ?? '',
        service: filter.serviceId ?? '',
        question: filter.question,
      };
      const csvHref = `/staff/reports/satisfaction.csv?${new URLSearchParams({ ...query })}`;
      return sendPage(reply, SatisfactionPage({ page, figures, questions, query, csvHref }));
    },
  );

  app.get<{ Querystring: Query }>(
    '/staff/reports/satisfaction.csv',
    { config: { staff: 'reports.view' }, schema: { querystring: FigureQuerySchema, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const filter = filterOf(request.query, page.t.locale);
      const figures = await satisfactionFigures(filter, ctxOf(request));
      if (!figures) throw new StaffDenied('forbidden');
      const { t } = page;
      const header = [
        t.t('feedback.figures.dimension'),
        t.t('feedback.figures.group'),
        t.t('feedback.figures.count'),
        t.t('feedback.figures.mean'),
        ...[1, 2, 3, 4, 5].map((score) => t.t('feedback.figures.score', { score })),
      ];
      const rows = DIMENSIONS.flatMap((dimension) =>
        figures.by[dimension].map((r) => [
          t.t(`feedback.figures.by.${dimension}`),
          groupLabel(page, dimension, r),
          r.count,
          r.mean,
          ...r.distribution,
        ]),
      );
      const name = `zufriedenheit-${filter.period.from.slice(0, 7)}-${filter.period.to.slice(0, 7)}.csv`;
      return sendCsv(reply, name, toCsv(header, rows, page.t.locale));
    },
  );
}
