import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../platform/http/csrf.js';
import { sendPage } from '../platform/http/render.js';
import { MessagePage } from '../platform/staff/components.js';
import { type StaffHttpDeps, staffAuthority, staffPage } from '../platform/staff/staff-http.js';
import type { IdentityDeps } from './identity-deps.js';
import { requestPasswordReset } from './request-password-reset.js';
import { readPasswordReset, resetPassword } from './reset-password.js';
import { ForgotPasswordPage } from './views/ForgotPasswordPage.js';
import { PasswordPage } from './views/pages.js';

const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const ForgotBody = Type.Object({ ...Csrf, email: Type.Optional(Type.String({ maxLength: 1000 })) });
const ForgotQuery = Type.Object({ sent: Type.Optional(Type.String({ maxLength: 5 })) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const ResetBody = Type.Object({
  ...Csrf,
  password: Type.Optional(Type.String({ maxLength: 1000 })),
  repeat: Type.Optional(Type.String({ maxLength: 1000 })),
});

/** "Forgot password?" and the e-mailed link to choose a new one (public: no session yet). */
export async function recoveryRoutes(app: FastifyInstance, deps: IdentityDeps & StaffHttpDeps): Promise<void> {
  const limit = { max: deps.loginAttemptsPerIp, timeWindow: '15 minutes' };

  app.get<{ Querystring: Static<typeof ForgotQuery> }>(
    '/staff/password/forgot',
    { config: { staff: 'public' }, schema: { querystring: ForgotQuery, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, deps);
      const csrf = csrfToken(request, reply, deps.secureCookies);
      return sendPage(
        reply,
        ForgotPasswordPage({ page, csrf, email: '', errors: [], sent: request.query.sent === '1' }),
      );
    },
  );

  app.post<{ Body: Static<typeof ForgotBody> }>(
    '/staff/password/forgot',
    { config: { staff: 'public', rateLimit: limit }, schema: { body: ForgotBody, hide: true } },
    async (request, reply) => {
      const email = (request.body.email ?? '').slice(0, 254);
      const authority = await staffAuthority(deps);
      const result = await requestPasswordReset(
        {
          authorityId: authority.id,
          authorityName: authority.name,
          email,
          ip: request.ip,
          onMailError: (error) => request.log.warn({ err: error }, 'password reset mail not sent'),
        },
        deps,
      );
      if (result.ok) return reply.redirect('/staff/password/forgot?sent=1', 303);
      const page = await staffPage(request, deps);
      const csrf = csrfToken(request, reply, deps.secureCookies);
      const errors = [{ field: 'email', message: 'forgot.error.email' as const }];
      return sendPage(reply, ForgotPasswordPage({ page, csrf, email, errors, sent: false }), 400);
    },
  );

  const invalidLink = async (request: FastifyRequest, reply: FastifyReply) => {
    const page = await staffPage(request, deps);
    const [title, text] = [page.t.t('link.invalidTitle'), page.t.t('reset.invalidText')];
    return sendPage(reply, MessagePage({ page, title, text }), 410);
  };

  const resetPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    errors: Parameters<typeof PasswordPage>[0]['errors'],
  ) => {
    const page = await staffPage(request, deps);
    const csrf = csrfToken(request, reply, deps.secureCookies);
    const intro = page.t.t('reset.intro', { name });
    return sendPage(reply, PasswordPage({ page, csrf, action: request.url, intro, errors }), errors.length ? 400 : 200);
  };

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/staff/password/reset/:token',
    { config: { staff: 'public' }, schema: { params: TokenParams, hide: true } },
    async (request, reply) => {
      const link = await readPasswordReset({ token: request.params.token }, deps);
      return link.valid ? resetPage(request, reply, link.displayName, []) : invalidLink(request, reply);
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof ResetBody> }>(
    '/staff/password/reset/:token',
    { config: { staff: 'public', rateLimit: limit }, schema: { params: TokenParams, body: ResetBody, hide: true } },
    async (request, reply) => {
      const { token } = request.params;
      const input = { token, password: request.body.password ?? '', repeat: request.body.repeat ?? '', ip: request.ip };
      const result = await resetPassword(input, deps);
      if (result.ok) return reply.redirect('/staff/login?notice=passwordReset', 303);
      if ('invalid' in result) return invalidLink(request, reply);
      const link = await readPasswordReset({ token }, deps);
      return resetPage(request, reply, link.valid ? link.displayName : '', result.errors);
    },
  );
}
