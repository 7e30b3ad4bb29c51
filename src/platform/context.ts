import type pg from 'pg';

/** Who acts. Only the public for now; staff actors come with identity. */
export type Actor = { readonly kind: 'public'; readonly ip: string };

/** What every use case receives besides its options: the database, the tenant, the actor. */
export interface Context {
  readonly pool: pg.Pool;
  readonly authorityId: string;
  readonly actor: Actor;
}
