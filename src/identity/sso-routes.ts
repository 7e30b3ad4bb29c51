import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../platform/http/render.js';
import type { IdentityDeps } from './identity-deps.js';
import { finishSso, saveSsoSettings, ssoSettings, startSso, type SsoError } from './single-sign-on.js';
import { setSessionCookie, staffAuthority, staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { SsoSettingsPage } from './views/SsoSettingsPage.js';

const SSO_COOKIE = 'wk_sso';
const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 2000 })),
  state: Type.Optional(Type.String({ maxLength: 500 })),
  iss: Type.Optional(Type.String({ maxLength: 500 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  session_state: Type.Optional(Type.String({ maxLength: 500 })),
});
const SettingsBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  issuer: Type.Optional(Type.String({ maxLength: 1000 })),
  clientId: Type.Optional(Type.String({ maxLength: 1000 })),
  clientSecret: Type.Optional(Type.String({ maxLength: 1000 })),
  label: Type.Optional(Type.String({ maxLength: 1000 })),
  enabled: Type.Optional(Type.String({ maxLength: 10 })),
});
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) });

/** Single sign-on through the authority's identity provider (OpenID Connect, code flow with PKCE). */
export async function ssoRoutes(app: FastifyInstance, deps: IdentityDeps & StaffHttpDeps): Promise<void> {
  const redirectUri = () => `${deps.links.base}/staff/sso/callback`;

  app.get('/staff/sso/start', { config: { staff: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const authority = await staffAuthority(deps);
    const started = await startSso({ authorityId: authority.id, redirectUri: redirectUri() }, deps).catch(() => null);
    if (!started) return reply.redirect('/staff/login?notice=ssoFailed', 303);
    // Lax: the cookie must come back with the provider's redirect, a top-level navigation from another site.
    reply.setCookie(SSO_COOKIE, started.cookie, {
      path: '/staff/sso',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      maxAge: 600,
    });
    return reply.redirect(started.url, 303);
  });

  app.get<{ Querystring: Static<typeof CallbackQuery> }>(
    '/staff/sso/callback',
    { config: { staff: 'public' }, schema: { querystring: CallbackQuery, hide: true } },
    async (request, reply) => {
      const authority = await staffAuthority(deps);
      const callbackUrl = new URL(request.url, deps.links.base);
      const result = await finishSso(
        { authorityId: authority.id, callbackUrl, cookie: request.cookies[SSO_COOKIE], ip: request.ip },
        deps,
      );
      reply.clearCookie(SSO_COOKIE, { path: '/staff/sso' });
      if (!result.ok)
        return reply.redirect(`/staff/login?notice=${result.reason === 'unknown' ? 'ssoUnknown' : 'ssoFailed'}`, 303);
      setSessionCookie(reply, result.sessionToken, deps);
      return reply.redirect(result.needsTotpSetup ? '/staff/2fa/setup' : '/staff/2fa', 303);
    },
  );

  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: readonly SsoError[],
    saved: boolean,
    values?: Partial<Static<typeof SettingsBody>>,
  ) => {
    const page = await staffPage(request, deps);
    const current = await ssoSettings({ authorityId: request.staff!.actor.authorityId }, deps);
    return sendPage(
      reply,
      SsoSettingsPage({ page, current, errors, saved, redirectUri: redirectUri(), values }),
      errors.length > 0 ? 400 : 200,
    );
  };

  app.get<{ Querystring: Static<typeof SavedQuery> }>(
    '/staff/admin/sso',
    { config: { staff: 'staff.manage' }, schema: { querystring: SavedQuery, hide: true } },
    (request, reply) => settingsPage(request, reply, [], request.query.saved === '1'),
  );

  app.post<{ Body: Static<typeof SettingsBody> }>(
    '/staff/admin/sso',
    { config: { staff: 'staff.manage' }, schema: { body: SettingsBody, hide: true } },
    async (request, reply) => {
      const b = request.body;
      const errors = await saveSsoSettings(
        {
          issuer: b.issuer ?? '',
          clientId: b.clientId ?? '',
          clientSecret: b.clientSecret ?? '',
          label: b.label ?? '',
          enabled: b.enabled === 'on',
        },
        request.staff!.actor,
        deps,
      );
      if (errors.length > 0) return settingsPage(request, reply, errors, false, b);
      return reply.redirect('/staff/admin/sso?saved=1', 303);
    },
  );
}
