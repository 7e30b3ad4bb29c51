import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { csrfForm, CsrfField, csrfToken } from '../platform/http/csrf.js';
import { HttpProblem } from '../platform/http/errors.js';
import { localeOf } from '../platform/http/locale-param.js';
import { portalAuthority, publicPage } from '../platform/http/public-page.js';
import { sendPage } from '../platform/http/render.js';
import { giveConsent } from './give-consent.js';
import { showReferral } from './show-referral.js';
import { PersonReferralPage, type PersonNotice } from './views/PersonReferralPage.js';
import { withdrawConsent } from './withdraw-consent.js';

const TokenParams = Type.Object({
  locale: Type.String({ maxLength: 20 }),
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }),
});
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
const Body = Type.Object({ ...CsrfField });
const NOTICES = new Set(['consented', 'withdrawn']);

type TokenRequest = FastifyRequest<{ Params: Static<typeof TokenParams> }>;

/**
 * The person's referral page (the link in the mail, in their language): consent and withdrawal.
 * Only the link's long random token opens it; it shows categories, never the data's values.
 */
export async function referralRoutes(app: FastifyInstance, deps: AppDeps & { links: { base: string } }): Promise<void> {
  const { portal } = deps;
  const secure = deps.config.env === 'production';

  const render = async (request: TokenRequest, reply: FastifyReply, notice: PersonNotice, status: number) => {
    const locale = localeOf(request.params);
    const { page, ctx } = await publicPage(portal, locale, request);
    const view = await showReferral({ access: { by: 'link', token: request.params.token }, locale }, ctx);
    if (!view) throw new HttpProblem(404, 'notFound');
    const authority = page.siteName;
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      PersonReferralPage({
        page,
        view,
        token: request.params.token,
        csrf: csrfToken(request, reply, secure),
        authority,
        notice,
      }),
      status,
    );
  };

  app.get<{ Params: Static<typeof TokenParams>; Querystring: Static<typeof NoticeQuery> }>(
    '/:locale/referrals/:token',
    { schema: { params: TokenParams, querystring: NoticeQuery, hide: true } },
    (request, reply) =>
      render(
        request,
        reply,
        NOTICES.has(request.query.notice ?? '') ? (request.query.notice as PersonNotice) : null,
        200,
      ),
  );

  const stale = (request: TokenRequest, reply: FastifyReply) => render(request, reply, 'csrf', 403);
  for (const act of ['consent', 'withdraw'] as const) {
    app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof Body> }>(
      `/:locale/referrals/:token/${act}`,
      {
        schema: { params: TokenParams, body: Body, hide: true },
        config: { rateLimit: { max: 30, timeWindow: '1 hour' }, csrf: csrfForm(stale) },
      },
      async (request, reply) => {
        const locale = localeOf(request.params);
        const { ctx } = await publicPage(portal, locale, request);
        const access = { by: 'link' as const, token: request.params.token };
        const controller = (await portalAuthority(portal)).names.de?.name ?? '';
        const result =
          act === 'consent'
            ? await giveConsent({ access, controller, base: deps.links.base }, ctx)
            : await withdrawConsent({ access }, ctx);
        if (!result.ok) throw new HttpProblem(404, 'notFound');
        const notice = act === 'consent' ? 'consented' : 'withdrawn';
        return reply.redirect(`/${locale}/referrals/${request.params.token}?notice=${notice}`, 303);
      },
    );
  }
}
