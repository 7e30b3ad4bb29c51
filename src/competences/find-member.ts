import { staffProfiles } from '../identity/staff-store.js';
import { teamMembers, type TeamMember } from '../identity/team-members.js';
import { actorScopes } from '../platform/access/actor-access.js';
import type { StaffAction } from '../platform/access/policies.js';
import type { Actor } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';

/**
 * The member whose register the actor may open for an action: themselves always (their own
 * register is edited with profile.edit), anyone else only when in the actor's team for that action
 * (competences.view_team to read, trainings.manage to plan). Null: not found or not theirs to see.
 */
export async function memberFor(tx: Tx, actor: Actor, userId: string, action: StaffAction): Promise<TeamMember | null> {
  if (actor.kind !== 'staff') return null;
  if (userId === actor.userId) {
    const own = (await staffProfiles(tx, [userId])).get(userId);
    return own ? { id: userId, displayName: own.displayName } : null;
  }
  return (await teamMembers(tx, actorScopes(actor, action), userId))[0] ?? null;
}
