/** Who may read and edit the toolkit (the policy decides), and who an edit is written by. */
import { staffNames } from '../identity/staff-names.js';
import { can, type StaffAction } from '../platform/access/policies.js';
import type { Actor, Context } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import type { Author } from './module-store.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** The staff actor when it may do the action to the authority's toolkit; null otherwise. */
export function toolkitActor(ctx: Context, action: StaffAction): StaffActor | null {
  const { actor } = ctx;
  if (actor.kind !== 'staff') return null;
  return can(actor, action, { authorityId: ctx.authorityId }) ? actor : null;
}

export async function authorOf(tx: Tx, actor: StaffActor): Promise<Author> {
  const names = await staffNames(tx, [actor.userId]);
  return { id: actor.userId, name: names.get(actor.userId) ?? actor.email };
}
