import type { Actor } from '../platform/context.js';

/**
 * The actor recorded for what happens while a person signs in (or joins) and holds no session
 * yet: who they are, but no roles, because nothing they do here needs one.
 */
export function signingInActor(
  user: { id: string; email: string },
  authorityId: string,
  ip: string,
): Extract<Actor, { kind: 'staff' }> {
  return { kind: 'staff', userId: user.id, email: user.email, authorityId, roles: [], ip };
}
