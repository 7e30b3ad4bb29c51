import type pg from 'pg';
import type { Sealer } from '../platform/crypto.js';

/** What the identity use cases need besides their options. */
export interface IdentityDeps {
  readonly pool: pg.Pool;
  readonly sealer: Sealer;
  /** Keys the hashes under which addresses without an account count their failed sign-ins. */
  readonly addressKey: Buffer;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  /** Base URL for links in mails and on the console (PUBLIC_URL, else the address listened on). */
  readonly links: { base: string };
  /** Called after someone changed the languages they speak: public service pages say which are spoken where. */
  readonly languagesChanged?: () => void;
}
