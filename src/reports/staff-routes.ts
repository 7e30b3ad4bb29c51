import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import { officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { HttpProblem } from '../platform/http/errors.js';
import { sendPage } from '../platform/http/render.js';
import { sendCsv, toCsv } from '../platform/reports/csv.js';
import { type StaffHttpDeps, staffAuthority, staffPage } from '../platform/staff/staff-http.js';
import { REPORT_PAGES, type ReportPageId } from './figure-tables.js';
import { figuresAsOf } from './figures-as-of.js';
import { filterQuery, parseFilter, type FilterQuery } from './report-filter.js';
import { showReport } from './show-report.js';
import { printSummary } from './print-summary.js';
import { FiguresPage } from './views/FiguresPage.js';
import { ReportsIndexPage } from './views/ReportsIndexPage.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';

const Filter = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
  location: Type.Optional(Type.String({ maxLength: 40 })),
  service: Type.Optional(Type.String({ maxLength: 40 })),
});

const isPage = (value: string): value is ReportPageId => (REPORT_PAGES as readonly string[]).includes(value);

/**
 * The office's figures (`reports.view`): the index of every figures page, this capability's three
 * pages with filters, a CSV of every table and the PDF summary. All GET: filters live in the URL.
 */
export async function reportStaffRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const config = { staff: 'reports.view' as const };

  app.get('/staff/reports', { config, schema: { hide: true } }, async (request, reply) => {
    const page = await staffPage(request, http);
    reply.header('cache-control', 'no-store');
    return sendPage(reply, ReportsIndexPage({ page, asOf: await figuresAsOf(ctxOf(request)) }));
  });

  app.get<{ Querystring: FilterQuery }>(
    '/staff/reports/summary.pdf',
    { config, schema: { querystring: Filter, hide: true } },
    async (request, reply) => {
      const { filter, errors } = parseFilter(request.query, officeToday(Date.now()));
      if (errors.length > 0)
        return reply.redirect(
          `/staff/reports/processing?${new URLSearchParams(request.query as Record<string, string>)}`,
          303,
        );
      const t = staffTranslator(request.staff!.locale);
      const { name } = await staffAuthority(http);
      const pdf = await printSummary({ filter, t, authorityName: name }, ctxOf(request));
      if (!pdf) throw new StaffDenied('forbidden');
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="kennzahlen.pdf"')
        .type('application/pdf')
        .send(Buffer.from(pdf));
    },
  );

  app.get<{ Params: { page: string }; Querystring: FilterQuery }>(
    '/staff/reports/:page',
    { config, schema: { querystring: Filter, hide: true } },
    async (request, reply) => {
      const id = request.params.page;
      if (!isPage(id)) throw new HttpProblem(404, 'notFound');
      const page = await staffPage(request, http);
      const { filter, errors } = parseFilter(request.query, officeToday(Date.now()));
      const report = await showReport({ page: id, filter, t: page.t }, ctxOf(request));
      if (!report) throw new StaffDenied('forbidden');
      reply.header('cache-control', 'no-store');
      const view = {
        id,
        ...report,
        query: request.query,
        filterQuery: filterQuery(filter),
        period: { from: filter.from, to: filter.to },
        errors,
      };
      return sendPage(reply, FiguresPage({ page, view }), errors.length > 0 ? 400 : 200);
    },
  );

  app.get<{ Params: { page: string; file: string }; Querystring: FilterQuery }>(
    '/staff/reports/:page/:file',
    { config, schema: { querystring: Filter, hide: true } },
    async (request, reply) => {
      const id = request.params.page;
      const tableId = request.params.file.replace(/\.csv$/, '');
      if (!isPage(id) || !request.params.file.endsWith('.csv')) throw new HttpProblem(404, 'notFound');
      const { filter, errors } = parseFilter(request.query, officeToday(Date.now()));
      if (errors.length > 0)
        return reply.redirect(
          `/staff/reports/${id}?${new URLSearchParams(request.query as Record<string, string>)}`,
          303,
        );
      const t = staffTranslator(request.staff!.locale);
      const report = await showReport({ page: id, filter, t }, ctxOf(request));
      if (!report) throw new StaffDenied('forbidden');
      const table = report.tables.find((candidate) => candidate.id === tableId);
      if (!table) throw new HttpProblem(404, 'notFound');
      return sendCsv(reply, `${table.id}_${filter.from}_${filter.to}.csv`, toCsv(table.columns, table.rows, t.locale));
    },
  );
}
