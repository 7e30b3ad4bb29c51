import type pg from 'pg';
import type { Sealer } from '../platform/crypto.js';

/** What the appointment use cases need besides their options and context. */
export interface AppointmentDeps {
  readonly pool: pg.Pool;
  /** Seals draw seeds until the draw. */
  readonly sealer: Sealer;
  /** Key of the identity HMAC (one person, one open appointment per service). */
  readonly identitySecret: Buffer;
  /** Base URL for links in e-mails. */
  readonly links: { base: string };
}
