import type { Actor } from '../context.js';
import type { StaffAction } from '../access/policies.js';
import type { StaffLocale } from '../i18n/catalogues.js';

/** What every staff route declares: no session needed, the half-open session of sign-in, or an action. */
export type StaffAccess = 'public' | 'half' | StaffAction;

/** The staff session's cookie (HttpOnly, path /staff). */
export const SESSION_COOKIE = 'wk_staff';

/** The signed-in member of staff of a request, as the identity guard found them. */
export interface StaffRequestState {
  readonly token: string;
  readonly actor: Extract<Actor, { kind: 'staff' }>;
  readonly displayName: string;
  readonly locale: StaffLocale;
  /** The session's CSRF token, for the forms of the page. */
  readonly csrf: string;
  /** Checks a posted token against the session: for a form with files, read after the guard (`staffCsrf`). */
  csrfValid(token: unknown): boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffRequestState;
  }
  interface FastifyContextConfig {
    staff?: StaffAccess;
    /**
     * 'afterBody': a POST with files. The guard authenticates before a byte of the body is read and
     * leaves the CSRF token to the handler, which reads the form and calls `request.staff.csrfValid`.
     */
    staffCsrf?: 'afterBody';
  }
}
