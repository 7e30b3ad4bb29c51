import type { FastifyError, FastifyInstance } from 'fastify';
import { sendPage } from '../platform/http/render.js';
import { adminRoutes } from './admin-routes.js';
import { registerStaffGuard, StaffDenied } from './guard.js';
import type { IdentityDeps } from './identity-deps.js';
import { profileRoutes } from './profile-routes.js';
import { recoveryRoutes } from './recovery-routes.js';
import { identityRoutes } from './routes.js';
import { ssoRoutes } from './sso-routes.js';
import { clearSessionCookie, staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { MessagePage } from '../platform/staff/components.js';

/** Everything under /staff: one guard before every route, one answer for every refusal. */
export async function staffScope(
  app: FastifyInstance,
  deps: IdentityDeps & StaffHttpDeps,
  /** Staff routes of other capabilities, registered behind the same guard. */
  more: readonly ((scope: FastifyInstance, http: StaffHttpDeps) => Promise<void>)[] = [],
): Promise<void> {
  registerStaffGuard(app, deps);
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!(error instanceof StaffDenied)) throw error; // to the application's error pages
    if (error.kind === 'signIn') return reply.redirect('/staff/login', 303);
    if (error.kind === 'expired') {
      clearSessionCookie(reply);
      return reply.redirect('/staff/login?notice=expired', 303);
    }
    const page = await staffPage(request, deps);
    const [title, text] =
      error.kind === 'csrf'
        ? [page.t.t('staff.form.expired'), page.t.t('staff.form.expired')]
        : [page.t.t('error.forbidden.title'), page.t.t('error.forbidden.text')];
    return sendPage(reply, MessagePage({ page, title, text }), 403);
  });
  await identityRoutes(app, deps);
  await recoveryRoutes(app, deps);
  await adminRoutes(app, deps);
  await profileRoutes(app, deps);
  await ssoRoutes(app, deps);
  for (const register of more) await register(app, deps);
}
