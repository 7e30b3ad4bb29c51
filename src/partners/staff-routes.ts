import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { HttpProblem } from '../platform/http/errors.js';
import { sendPage } from '../platform/http/render.js';
import type { StaffLocale } from '../platform/i18n/catalogues.js';
import { ownEntry } from '../platform/own-entry.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { createPartner } from './create-partner.js';
import { findPartner } from './find-partner.js';
import { listPartners } from './list-partners.js';
import { type FormError, type FormValues, parsePartnerForm } from './partner-form.js';
import { setPartnerActive } from './set-partner-active.js';
import { updatePartner } from './update-partner.js';
import { PartnerFormPage, PartnerListPage } from './views/AdminPages.js';

/** The authority's services to link partners to, named in the staff member's language (given by the composition root). */
export type ServiceChoices = (ctx: Context, locale: StaffLocale) => Promise<readonly { id: string; name: string }[]>;

// Every field of the form is a short text; which ones count is the form's business (partner-form.ts).
const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }), { maxProperties: 300 });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 30 })) });
const NOTICES = {
  created: 'partners.notice.created',
  saved: 'partners.notice.saved',
  deactivated: 'partners.notice.deactivated',
  reactivated: 'partners.notice.reactivated',
} as const;

/** Only the fields a form sends as text (a repeated field, which this form has none of, counts as empty). */
function formValues(body: unknown): FormValues {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (key !== '_csrf' && typeof value === 'string') values[key] = value;
  return values;
}

/**
 * The partner directory's admin pages (`partners.manage`): list, new, edit, deactivate. Every
 * saving POST redirects; a refused one shows the form again with everything typed and the errors.
 * A directory edit clears the public page cache, so the service pages and "Help nearby" show it at once.
 * The guard refuses staff without `partners.manage`; a grant limited to locations or services passes
 * it but not the use cases (the directory is the whole authority's), and gets a 404 like an unknown
 * partner (this capability imports no other, not even identity's guard).
 */
export async function partnerStaffRoutes(
  app: FastifyInstance,
  deps: AppDeps & { serviceChoices: ServiceChoices },
  http: StaffHttpDeps,
): Promise<void> {
  const ctxOf = (request: FastifyRequest): Context => ({
    pool: deps.db.pool,
    authorityId: request.staff!.actor.authorityId,
    actor: request.staff!.actor,
  });
  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: {
      partner?: { id: string; name: string; active: boolean };
      values: FormValues;
      errors: readonly FormError[];
      notice?: string;
    },
    status = 200,
  ) => {
    const page = await staffPage(request, http);
    const services = await deps.serviceChoices(ctxOf(request), request.staff!.locale);
    return sendPage(reply, PartnerFormPage({ page, services, ...form }), status);
  };
  const parse = async (request: FastifyRequest) => {
    const values = formValues(request.body);
    const services = await deps.serviceChoices(ctxOf(request), request.staff!.locale);
    return {
      values,
      parsed: parsePartnerForm(
        values,
        services.map((s) => s.id),
      ),
    };
  };

  app.get<{ Querystring: Static<typeof NoticeQuery> }>(
    '/staff/partners',
    { config: { staff: 'partners.manage' }, schema: { querystring: NoticeQuery, hide: true } },
    async (request, reply) => {
      const partners = await listPartners(ctxOf(request));
      if (!partners) throw new HttpProblem(404, 'notFound');
      const page = await staffPage(request, http);
      const key = ownEntry(NOTICES, request.query.notice);
      return sendPage(reply, PartnerListPage({ page, partners, ...(key ? { notice: page.t.t(key) } : {}) }));
    },
  );

  app.get('/staff/partners/new', { config: { staff: 'partners.manage' }, schema: { hide: true } }, (request, reply) =>
    formPage(request, reply, { values: { kind: 'migration_counselling' }, errors: [] }),
  );

  app.post(
    '/staff/partners',
    { config: { staff: 'partners.manage' }, schema: { body: FormBody, hide: true } },
    async (request, reply) => {
      const { values, parsed } = await parse(request);
      if (!parsed.ok) return formPage(request, reply, { values, errors: parsed.errors }, 400);
      const result = await createPartner({ input: parsed.input }, ctxOf(request));
      if ('reason' in result) throw new HttpProblem(404, 'notFound');
      if (!result.ok) return formPage(request, reply, { values, errors: result.errors }, 400);
      deps.pages.clear();
      return reply.redirect(`/staff/partners/${result.id}?notice=created`, 303);
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof NoticeQuery> }>(
    '/staff/partners/:id',
    { config: { staff: 'partners.manage' }, schema: { params: IdParams, querystring: NoticeQuery, hide: true } },
    async (request, reply) => {
      const partner = await findPartner({ id: request.params.id }, ctxOf(request));
      if (!partner) throw new HttpProblem(404, 'notFound');
      const page = await staffPage(request, http);
      const key = ownEntry(NOTICES, request.query.notice);
      return formPage(request, reply, {
        partner,
        values: partner.values,
        errors: [],
        ...(key ? { notice: page.t.t(key) } : {}),
      });
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/staff/partners/:id',
    { config: { staff: 'partners.manage' }, schema: { params: IdParams, body: FormBody, hide: true } },
    async (request, reply) => {
      const partner = await findPartner({ id: request.params.id }, ctxOf(request));
      if (!partner) throw new HttpProblem(404, 'notFound');
      const { values, parsed } = await parse(request);
      // The slug stays what it was, whatever the form says.
      const kept = { ...values, slug: partner.slug };
      if (!parsed.ok) return formPage(request, reply, { partner, values: kept, errors: parsed.errors }, 400);
      const result = await updatePartner(
        { id: partner.id, input: { ...parsed.input, slug: partner.slug } },
        ctxOf(request),
      );
      if ('reason' in result) throw new HttpProblem(404, 'notFound');
      if (!result.ok) return formPage(request, reply, { partner, values: kept, errors: result.errors }, 400);
      deps.pages.clear();
      return reply.redirect(`/staff/partners/${partner.id}?notice=saved`, 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: { active?: string } }>(
    '/staff/partners/:id/active',
    { config: { staff: 'partners.manage' }, schema: { params: IdParams, body: FormBody, hide: true } },
    async (request, reply) => {
      const active = request.body.active === 'yes';
      const result = await setPartnerActive({ id: request.params.id, active }, ctxOf(request));
      if (!result.ok) throw new HttpProblem(404, 'notFound');
      deps.pages.clear();
      return reply.redirect(`/staff/partners?notice=${active ? 'reactivated' : 'deactivated'}`, 303);
    },
  );
}
