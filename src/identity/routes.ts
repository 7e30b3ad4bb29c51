import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../platform/http/csrf.js';
import { sendPage } from '../platform/http/render.js';
import { listLocations } from '../authorities/list-locations.js';
import { listServices } from '../catalog/list-services.js';
import { withTenant } from '../platform/database/index.js';
import { acceptInvitation, readInvitation } from './accept-invitation.js';
import { confirmSecondFactor } from './confirm-second-factor.js';
import { firstAdminLinkValid, setUpFirstAdmin } from './first-admin.js';
import type { IdentityDeps } from './identity-deps.js';
import { prepareSecondFactor } from './prepare-second-factor.js';
import { signInWithPassword } from './sign-in-with-password.js';
import { ssoSettings } from './single-sign-on.js';
import { signOut } from './sign-out.js';
import {
  clearSessionCookie,
  setSessionCookie,
  staffAuthority,
  staffPage,
  type StaffHttpDeps,
} from '../platform/staff/staff-http.js';
import { MessagePage } from '../platform/staff/components.js';
import { DashboardPage, LoginPage, PasswordPage, TotpPage } from './views/pages.js';
import { ownEntry } from '../platform/own-entry.js';

const LoginBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
  password: Type.Optional(Type.String({ maxLength: 1000 })),
});
const LoginQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
const CodeBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  code: Type.Optional(Type.String({ maxLength: 100 })),
});
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const InvitationBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  password: Type.Optional(Type.String({ maxLength: 1000 })),
  repeat: Type.Optional(Type.String({ maxLength: 1000 })),
});
// The first admin also says who they are.
const SetupBody = Type.Object({
  ...InvitationBody.properties,
  displayName: Type.Optional(Type.String({ maxLength: 1000 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
});

const NOTICES = {
  signedOut: 'login.signedOut',
  expired: 'login.sessionExpired',
  passwordSet: 'login.passwordSet',
  passwordReset: 'login.passwordReset',
  ssoFailed: 'login.ssoFailed',
  ssoUnknown: 'login.ssoUnknown',
} as const;

/** Signing in and out, the second factor, the first admin's setup link, invitations, the dashboard. */
export async function identityRoutes(app: FastifyInstance, deps: IdentityDeps & StaffHttpDeps): Promise<void> {
  const loginPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    error?: string,
    status = 200,
  ) => {
    const page = await staffPage(request, deps);
    const notice = (request.query as { notice?: string } | undefined)?.notice;
    const noticeKey = ownEntry(NOTICES, notice);
    const sso = await ssoSettings({ authorityId: (await staffAuthority(deps)).id }, deps);
    const label = sso?.label ?? '';
    return sendPage(
      reply,
      LoginPage({
        page,
        csrf: csrfToken(request, reply, deps.secureCookies),
        email,
        error,
        ...(noticeKey ? { notice: page.t.t(noticeKey, { label }) } : {}),
        ...(sso?.enabled ? { sso: { label } } : {}),
      }),
      status,
    );
  };

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/staff/login',
    { config: { staff: 'public' }, schema: { querystring: LoginQuery, hide: true } },
    (request, reply) => loginPage(request, reply, ''),
  );

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/staff/login',
    {
      config: { staff: 'public', rateLimit: { max: deps.loginAttemptsPerIp, timeWindow: '15 minutes' } },
      schema: { body: LoginBody, hide: true },
    },
    async (request, reply) => {
      const authority = await staffAuthority(deps);
      const email = (request.body.email ?? '').slice(0, 254);
      const result = await signInWithPassword(
        { authorityId: authority.id, email, password: request.body.password ?? '', ip: request.ip },
        deps,
      );
      if (result.ok) {
        setSessionCookie(reply, result.sessionToken, deps);
        return reply.redirect(result.needsTotpSetup ? '/staff/2fa/setup' : '/staff/2fa', 303);
      }
      const t = (await staffPage(request, deps)).t;
      const message =
        result.reason === 'locked'
          ? t.t('login.locked', { time: t.time(result.until) })
          : result.reason === 'deactivated'
            ? t.t('login.deactivated')
            : t.t('login.failed');
      return loginPage(request, reply, email, message, result.reason === 'locked' ? 429 : 401);
    },
  );

  const totpPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    setup: boolean,
    error?: string,
    status = 200,
  ) => {
    const page = await staffPage(request, deps);
    const staff = request.staff!;
    const csrf = staff.csrf;
    const enrolment = setup
      ? await prepareSecondFactor(
          { authorityId: staff.actor.authorityId, userId: staff.actor.userId, issuer: page.siteName },
          deps,
        )
      : null;
    if (setup && !enrolment) return reply.redirect('/staff/2fa', 303);
    return sendPage(
      reply,
      TotpPage({ page: { t: page.t, siteName: page.siteName }, csrf, ...(enrolment ? { enrolment } : {}), error }),
      status,
    );
  };

  for (const setup of [false, true]) {
    const url = setup ? '/staff/2fa/setup' : '/staff/2fa';
    app.get(url, { config: { staff: 'half' }, schema: { hide: true } }, (request, reply) =>
      totpPage(request, reply, setup),
    );
    app.post<{ Body: Static<typeof CodeBody> }>(
      url,
      { config: { staff: 'half' }, schema: { body: CodeBody, hide: true } },
      async (request, reply) => {
        const staff = request.staff!;
        const result = await confirmSecondFactor(
          {
            authorityId: staff.actor.authorityId,
            userId: staff.actor.userId,
            sessionToken: staff.token,
            code: request.body.code ?? '',
            ip: request.ip,
          },
          deps,
        );
        if (result.ok) {
          setSessionCookie(reply, result.sessionToken, deps);
          return reply.redirect('/staff', 303);
        }
        const t = (await staffPage(request, deps)).t;
        if (result.reason === 'locked') {
          clearSessionCookie(reply);
          return loginPage(request, reply, staff.actor.email, t.t('login.locked', { time: t.time(result.until) }), 429);
        }
        return totpPage(request, reply, setup, t.t('totp.wrong'), 400);
      },
    );
  }

  app.get('/staff', { config: { staff: 'dashboard.view' }, schema: { hide: true } }, async (request, reply) => {
    const page = await staffPage(request, deps);
    const actor = request.staff!.actor;
    const locations = await withTenant(deps.pool, actor.authorityId, (tx) => listLocations(tx, page.t.locale));
    const services = await listServices(
      { locale: page.t.locale },
      { pool: deps.pool, authorityId: actor.authorityId, actor },
    );
    return sendPage(
      reply,
      DashboardPage({
        page,
        locationNames: new Map(locations.map((l) => [l.id, l.name])),
        serviceNames: new Map(services.map((sv) => [sv.id, sv.name])),
      }),
    );
  });

  app.post('/staff/logout', { config: { staff: 'profile.edit' }, schema: { hide: true } }, async (request, reply) => {
    await signOut({ sessionToken: request.staff!.token }, request.staff!.actor, deps);
    clearSessionCookie(reply);
    return reply.redirect('/staff/login?notice=signedOut', 303);
  });

  const invalidLink = async (request: FastifyRequest, reply: FastifyReply) => {
    const page = await staffPage(request, deps);
    return sendPage(
      reply,
      MessagePage({ page, title: page.t.t('link.invalidTitle'), text: page.t.t('link.invalidText') }),
      410,
    );
  };

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/staff/invitation/:token',
    { config: { staff: 'public' }, schema: { params: TokenParams, hide: true } },
    async (request, reply) => {
      const invitation = await readInvitation({ token: request.params.token }, deps);
      if (!invitation.valid) return invalidLink(request, reply);
      const page = await staffPage(request, deps);
      return sendPage(
        reply,
        PasswordPage({
          page,
          csrf: csrfToken(request, reply, deps.secureCookies),
          action: request.url,
          intro: page.t.t('password.intro', { name: invitation.displayName }),
          errors: [],
        }),
      );
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof InvitationBody> }>(
    '/staff/invitation/:token',
    {
      config: { staff: 'public', rateLimit: { max: deps.loginAttemptsPerIp, timeWindow: '15 minutes' } },
      schema: { params: TokenParams, body: InvitationBody, hide: true },
    },
    async (request, reply) => {
      const result = await acceptInvitation(
        {
          token: request.params.token,
          password: request.body.password ?? '',
          repeat: request.body.repeat ?? '',
          ip: request.ip,
        },
        deps,
      );
      if (result.ok) return reply.redirect('/staff/login?notice=passwordSet', 303);
      if ('invalid' in result) return invalidLink(request, reply);
      const page = await staffPage(request, deps);
      const invitation = await readInvitation({ token: request.params.token }, deps);
      return sendPage(
        reply,
        PasswordPage({
          page,
          csrf: csrfToken(request, reply, deps.secureCookies),
          action: request.url,
          intro: page.t.t('password.intro', { name: invitation.valid ? invitation.displayName : '' }),
          errors: result.errors,
        }),
        400,
      );
    },
  );

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/staff/setup/:token',
    { config: { staff: 'public' }, schema: { params: TokenParams, hide: true } },
    async (request, reply) => {
      if (!(await firstAdminLinkValid({ token: request.params.token }, deps))) return invalidLink(request, reply);
      const page = await staffPage(request, deps);
      return sendPage(
        reply,
        PasswordPage({
          page,
          csrf: csrfToken(request, reply, deps.secureCookies),
          action: request.url,
          intro: page.t.t('setup.intro'),
          errors: [],
          person: { displayName: '', email: '' },
        }),
      );
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof SetupBody> }>(
    '/staff/setup/:token',
    {
      config: { staff: 'public', rateLimit: { max: deps.loginAttemptsPerIp, timeWindow: '15 minutes' } },
      schema: { params: TokenParams, body: SetupBody, hide: true },
    },
    async (request, reply) => {
      const person = {
        displayName: (request.body.displayName ?? '').slice(0, 200),
        email: (request.body.email ?? '').slice(0, 254),
      };
      const result = await setUpFirstAdmin(
        {
          token: request.params.token,
          ...person,
          password: request.body.password ?? '',
          repeat: request.body.repeat ?? '',
          ip: request.ip,
        },
        deps,
      );
      if (result.ok) return reply.redirect('/staff/login?notice=passwordSet', 303);
      if (result.invalid) return invalidLink(request, reply);
      const page = await staffPage(request, deps);
      return sendPage(
        reply,
        PasswordPage({
          page,
          csrf: csrfToken(request, reply, deps.secureCookies),
          action: request.url,
          intro: page.t.t('setup.intro'),
          errors: result.errors,
          person,
        }),
        400,
      );
    },
  );
}
