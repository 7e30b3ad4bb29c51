import type pg from 'pg';
import type { Mailer } from '../platform/mail/mailer.js';

/** What the renewal jobs need: the database, the mailer, and the public base URL for the links in mails. */
export interface RenewalDeps {
  readonly pool: pg.Pool;
  readonly mailer: Mailer;
  readonly links: { base: string };
}
