import type pg from 'pg';

import type { Role } from './access/roles.js';

/** Who acts: a member of the public, a signed-in member of staff, or the system itself (jobs, start-up). */
export type Actor =
  | { readonly kind: 'public'; readonly ip: string }
  | {
      readonly kind: 'staff';
      readonly userId: string;
      readonly email: string;
      readonly authorityId: string;
      readonly roles: readonly RoleGrant[];
      readonly ip: string;
    }
  | { readonly kind: 'system'; readonly process: string };

/** A role held, limited to some locations and services (null: all of the authority's). */
export interface RoleGrant {
  readonly role: Role;
  readonly locationIds: readonly string[] | null;
  readonly serviceIds: readonly string[] | null;
  /** A partner's grant: the one partner organisation it works for (other roles: absent or null). */
  readonly partnerId?: string | null;
}

/** What every use case receives besides its options: the database, the tenant, the actor. */
export interface Context {
  readonly pool: pg.Pool;
  readonly authorityId: string;
  readonly actor: Actor;
}
