import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoleGrant } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { csrfValid } from '../platform/http/csrf.js';
import type { IdentityDeps } from './identity-deps.js';
import { can } from '../platform/access/policies.js';
import { sessionState } from './session-state.js';
import {
  closeSession,
  readSession,
  sessionAuthority,
  sessionCsrfToken,
  sessionCsrfValid,
  touchSession,
  type SessionRow,
} from './sessions.js';
import { rolesOf, staffById } from './staff-store.js';

import { SESSION_COOKIE, type StaffRequestState } from '../platform/staff/staff-request.js';

/** Thrown by the guard; the staff error handler turns it into the right answer. */
export class StaffDenied extends Error {
  constructor(readonly kind: 'signIn' | 'expired' | 'forbidden' | 'csrf') {
    super(kind);
  }
}

type Loaded = { readonly state: StaffRequestState; readonly session: SessionRow };

async function loadSession(request: FastifyRequest, deps: IdentityDeps): Promise<Loaded | 'expired' | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const authorityId = await sessionAuthority(deps.pool, token);
  if (!authorityId) return 'expired';
  return withTenant(deps.pool, authorityId, async (tx) => {
    const session = await readSession(tx, token);
    if (!session) return 'expired';
    if (sessionState(session, new Date(), deps.sessionIdleMinutes) !== 'valid') {
      await closeSession(tx, token);
      return 'expired';
    }
    const user = await staffById(tx, session.userId);
    if (user?.status !== 'active') {
      await closeSession(tx, token);
      return 'expired';
    }
    await touchSession(tx, token);
    const roles: RoleGrant[] = await rolesOf(tx, user.id);
    const state: StaffRequestState = {
      token,
      actor: { kind: 'staff', userId: user.id, email: user.email, authorityId, roles, ip: request.ip },
      displayName: user.displayName,
      locale: user.uiLocale,
      csrf: sessionCsrfToken(session),
      csrfValid: (posted) => sessionCsrfValid(session, posted),
    };
    return { state, session };
  });
}

/**
 * Runs before every staff route: finds the session, checks the stage and the route's action
 * against the policies, and checks the CSRF token of every POST. A route that declares nothing
 * is refused, so a forgotten declaration cannot open a page.
 */
export function registerStaffGuard(app: FastifyInstance, deps: IdentityDeps): void {
  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.staff;
    if (access === undefined) throw new StaffDenied('forbidden');
    const body = request.body as Record<string, unknown> | undefined;
    if (access === 'public') {
      if (request.method === 'POST' && !csrfValid(request, body?._csrf)) throw new StaffDenied('csrf');
      return;
    }
    const loaded = await loadSession(request, deps);
    if (loaded === null) throw new StaffDenied('signIn');
    if (loaded === 'expired') throw new StaffDenied('expired');
    const { state, session } = loaded;
    if (access === 'half' ? session.stage !== 'password' : session.stage !== 'full') throw new StaffDenied('signIn');
    if (access !== 'half' && !can(state.actor, access)) throw new StaffDenied('forbidden');
    // A form with files is not read yet (it streams in the handler): its token is checked there.
    const later = request.routeOptions.config.staffCsrf === 'afterBody';
    if (request.method === 'POST' && !later && !sessionCsrfValid(session, body?._csrf)) throw new StaffDenied('csrf');
    request.staff = state;
  });
}
