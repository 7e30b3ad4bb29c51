import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { sendPage } from '../platform/http/render.js';
import { sendCsv, toCsv } from '../platform/reports/csv.js';
import { type StaffHttpDeps, staffAuthority, staffPage } from '../platform/staff/staff-http.js';
import { adoptScenario } from './adopt-scenario.js';
import { readStaffingDefaults } from './defaults.js';
import { saveStaffingInputs } from './save-staffing-inputs.js';
import { showStaffingNeed, type StaffingFigures, withScenario } from './show-staffing-need.js';
import { type FieldError, parseScenario } from './staffing-form.js';
import { staffingPdf } from './staffing-pdf.js';
import { tableHeader, tableRows } from './staffing-report.js';
import { StaffingPage } from './views/StaffingPage.js';

const PAGE = '/staff/reports/staffing';
const Query = Type.Object({
  scenarioService: Type.Optional(Type.String({ maxLength: 40 })),
  scenarioPercent: Type.Optional(Type.String({ maxLength: 20 })),
  saved: Type.Optional(Type.String({ maxLength: 2 })),
});
type QueryT = Static<typeof Query>;
// Field names carry service ids; each value is a short number as typed (or the CSRF token).
const Body = Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 200 }));

/**
 * The staffing need (`/staff/reports/staffing`): the page, its CSV and PDF need `reports.view`;
 * saving the inputs needs `staffing.plan` (checked again over the whole authority by the use case).
 */
export async function staffingRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const defaults = await readStaffingDefaults();
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const load = async (request: FastifyRequest<{ Querystring: QueryT }>) => {
    const page = await staffPage(request, http);
    const figures = await showStaffingNeed({ locale: page.t.locale, defaults }, ctxOf(request));
    if (figures === 'notAllowed') throw new StaffDenied('forbidden');
    const scenario = parseScenario(
      request.query,
      figures.services.map((s) => s.serviceId),
    );
    return { page, figures, scenario };
  };
  const render = async (
    request: FastifyRequest<{ Querystring: QueryT }>,
    reply: FastifyReply,
    form: { errors: FieldError[]; typed: Record<string, string | undefined> | null },
  ) => {
    const { page, figures, scenario } = await load(request);
    const errors = [...form.errors, ...(scenario.ok ? [] : scenario.errors)];
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      StaffingPage({
        page,
        figures: withScenario(figures, scenario.ok ? scenario.scenario : null),
        errors,
        typed: form.typed,
        scenarioQuery: {
          scenarioService: request.query.scenarioService ?? '',
          scenarioPercent: request.query.scenarioPercent ?? '',
        },
        saved: request.query.saved === '1' && form.errors.length === 0,
      }),
      errors.length > 0 ? 400 : 200,
    );
  };

  app.get<{ Querystring: QueryT }>(
    PAGE,
    { config: { staff: 'reports.view' }, schema: { querystring: Query, hide: true } },
    (request, reply) => render(request, reply, { errors: [], typed: null }),
  );

  /** The export with the scenario of the page; a bad scenario goes back to the page, which names it. */
  const exported = async (
    request: FastifyRequest<{ Querystring: QueryT }>,
    reply: FastifyReply,
    send: (figures: StaffingFigures, t: Awaited<ReturnType<typeof staffPage>>['t']) => Promise<FastifyReply>,
  ) => {
    const { page, figures, scenario } = await load(request);
    if (!scenario.ok) {
      const query = new URLSearchParams(request.query as Record<string, string>).toString();
      return reply.redirect(`${PAGE}?${query}`, 303);
    }
    return send(withScenario(figures, scenario.scenario), page.t);
  };

  app.get<{ Querystring: QueryT }>(
    `${PAGE}.csv`,
    { config: { staff: 'reports.view' }, schema: { querystring: Query, hide: true } },
    (request, reply) =>
      exported(request, reply, async (figures, t) => {
        const csv = toCsv(
          tableHeader(t, figures.scenario !== null),
          tableRows(figures.need, t, figures.scenario?.need ?? null),
          t.locale,
        );
        return sendCsv(reply, t.locale === 'de' ? 'personalbedarf.csv' : 'staffing-need.csv', csv);
      }),
  );

  app.get<{ Querystring: QueryT }>(
    `${PAGE}.pdf`,
    { config: { staff: 'reports.view' }, schema: { querystring: Query, hide: true } },
    (request, reply) =>
      exported(request, reply, async (figures, t) => {
        const { name } = await staffAuthority(http);
        const pdf = await staffingPdf(figures, t, name);
        return reply
          .header('cache-control', 'no-store')
          .header(
            'content-disposition',
            `attachment; filename="${t.locale === 'de' ? 'personalbedarf.pdf' : 'staffing-need.pdf'}"`,
          )
          .type('application/pdf')
          .send(Buffer.from(pdf));
      }),
  );

  app.post<{ Querystring: QueryT; Body: Static<typeof Body> }>(
    PAGE,
    { config: { staff: 'staffing.plan' }, schema: { querystring: Query, body: Body, hide: true } },
    async (request, reply) => {
      const result = await saveStaffingInputs({ body: request.body }, ctxOf(request));
      if (result.ok) return reply.redirect(`${PAGE}?saved=1`, 303);
      if ('reason' in result) throw new StaffDenied('forbidden');
      return render(request, reply, { errors: result.errors, typed: request.body });
    },
  );

  app.post<{ Querystring: QueryT; Body: Static<typeof Body> }>(
    `${PAGE}/scenario`,
    { config: { staff: 'staffing.plan' }, schema: { querystring: Query, body: Body, hide: true } },
    async (request, reply) => {
      const result = await adoptScenario({ body: request.body, defaults }, ctxOf(request));
      if (result.ok) return reply.redirect(`${PAGE}?saved=1`, 303);
      if ('reason' in result) throw new StaffDenied('forbidden');
      return render(request, reply, { errors: result.errors, typed: null });
    },
  );
}
