import type { Config } from './config.js';
import type { Database } from './database/index.js';
import type { PageCache } from './http/page-cache.js';
import type { AppointmentDeps } from '../appointments/appointments-deps.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import type { Jobs } from './jobs.js';
import type { QueueDeps } from '../queue/queue-deps.js';
import type { ApplicationDeps } from '../cases/cases-deps.js';

/** Everything the routes are built from: one composition root (`src/app.ts`), no container. */
export interface Deps {
  readonly config: Config;
  readonly db: Database;
  /** Rendered public pages (start, catalogue, services, guide, easy language). */
  readonly pages: PageCache;
  readonly identity: IdentityDeps;
  readonly appointments: AppointmentDeps;
  readonly jobs: Jobs;
  readonly queue: QueueDeps;
  readonly applications: ApplicationDeps;
}
