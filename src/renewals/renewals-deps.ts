import type pg from 'pg';

/** What the renewal jobs need: the database and the public base URL for the links in mails (queued in the outbox). */
export interface RenewalDeps {
  readonly pool: pg.Pool;
  readonly links: { base: string };
}
