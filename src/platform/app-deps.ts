import type { Config } from './config.js';
import type { Database } from './database/index.js';
import type { LiveStreamCap } from './http/event-stream.js';
import type { PageCache } from './http/page-cache.js';
import type { Portal } from './http/public-page.js';
import type { Jobs } from './jobs.js';
import type { SharedLimits } from './rate-limit-store/index.js';

/**
 * What every capability's routes may use of the shared infrastructure. A capability's routes
 * declare their own needs on top (`AppDeps & { appointments: AppointmentDeps }`); the composition
 * root (`src/services.ts`) builds one object that has them all.
 */
export interface AppDeps {
  readonly config: Config;
  readonly db: Database;
  readonly portal: Portal;
  /** Rendered public pages (start, catalogue, services, guide, easy language). */
  readonly pages: PageCache;
  readonly jobs: Jobs;
  /** Live streams per client address (displays, phone pages), capped. */
  readonly streams: LiveStreamCap;
  /** Limits counted in PostgreSQL, so that every instance on the database counts alike. */
  readonly limits: SharedLimits;
}
