import type { Actor } from '../context.js';
import { can, type Scope, scopesFor, type StaffAction, type Target } from './policies.js';

/**
 * `can()` for the actor a use case receives: only a member of staff acts on staff objects (the
 * public and the jobs have checks of their own, never a staff role).
 */
export function actorCan(actor: Actor, action: StaffAction, target: Target): boolean {
  return actor.kind === 'staff' && can(actor, action, target);
}

/** `scopesFor()` for a use case's actor: no scopes (nothing listed) unless a member of staff. */
export function actorScopes(actor: Actor, action: StaffAction): readonly Scope[] {
  return actor.kind === 'staff' ? scopesFor(actor, action) : [];
}
