import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/database/index.js';
import { prepareAssets } from './platform/assets/prepare-assets.js';
import { PageCache } from './platform/http/page-cache.js';
import { loadSeeds } from './platform/seed-demo.js';
import { findAuthority } from './authorities/find-authority.js';
import { issueFirstAdminLink } from './identity/first-admin.js';
import type { IdentityDeps } from './identity/identity-deps.js';
import { sealer } from './platform/crypto.js';
import { storedSecret } from './platform/database/secrets.js';
import { createMailer } from './platform/mail/mailer.js';
import path from 'node:path';
import { hkdfSync } from 'node:crypto';
import type { AppointmentDeps } from './appointments/appointments-deps.js';
import { scheduleAppointmentJobs } from './appointments/jobs.js';
import { startJobs, type Jobs } from './platform/jobs.js';
import { scheduleQueueJobs } from './queue/jobs.js';
import { QueueLive } from './queue/live.js';
import type { QueueDeps } from './queue/queue-deps.js';
import type { ApplicationDeps } from './cases/cases-deps.js';
import { documentVault } from './cases/documents/document-vault.js';
import { receiptKeysFrom, registerReceiptKey } from './cases/receipts/receipt-keys.js';
import { scheduleRenewalJobs } from './renewals/jobs.js';
import { scheduleRetentionJobs } from './retention/jobs.js';

export interface Running {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly url: string;
  /** The one-time link for the first admin, while the portal's authority has no admin. */
  readonly setupLink: string | null;
  /** The background job queue (tests run a job now instead of waiting for its schedule). */
  readonly jobs: Jobs;
  /** What the appointment use cases run with (tests call use cases directly). */
  readonly appointments: AppointmentDeps;
  /** Stops taking requests, lets those in flight finish, closes the database (and the embedded server). */
  stop(): Promise<void>;
}

/** Starts the whole system: database (embedded or external), migrations, seeds, assets, HTTP. */
export async function startWillkommen(config: Config): Promise<Running> {
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase(config, (message) => logger.debug({ component: 'postgres' }, message));
  let jobs: Jobs | undefined;
  try {
    const installationKey = config.secretKey ?? (await storedSecret(config.dataDir, 'installation-key', 32, 'base64'));
    const seal = sealer(installationKey);
    if (config.seedDemo) {
      const seeded = await loadSeeds(db.owner, undefined, { sealSeed: (seed) => seal.seal(seed) });
      logger.info({ services: seeded.services, counters: seeded.counters }, 'demo office loaded');
    }
    await prepareAssets();
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') },
      (line) => logger.info({ component: 'mail' }, line));
    const identity: IdentityDeps = {
      pool: db.pool,
      sealer: seal,
      mailer,
      sessionIdleMinutes: config.sessionIdleMinutes,
      sessionMaxHours: config.sessionMaxHours,
      links: { base: config.publicUrl ?? '' },
    };
    const appointments: AppointmentDeps = {
      pool: db.pool, mailer, sealer: seal, links: identity.links,
      identitySecret: Buffer.from(hkdfSync('sha256', Buffer.from(installationKey, 'base64'), Buffer.alloc(0), 'willkommen appointment identity', 32)),
    };
    jobs = await startJobs(db.ownerUrl, (line) => logger.warn({ component: 'jobs' }, line));
    await scheduleAppointmentJobs(jobs, appointments);
    await scheduleQueueJobs(jobs, db.pool);
    await scheduleRenewalJobs(jobs, { pool: db.pool, mailer, links: identity.links });
    await scheduleRetentionJobs(jobs, { pool: db.pool, periods: config.retention });
    const live = new QueueLive(db.pool, (line) => logger.warn({ component: 'queue' }, line));
    live.start(db.appUrl);
    const queue: QueueDeps = { live, links: identity.links };
    const applications: ApplicationDeps = {
      pool: db.pool, mailer, links: identity.links, receiptKeys: receiptKeysFrom(installationKey),
      // Uploaded files are sealed under a key of their own, derived from the installation key.
      vault: documentVault(Buffer.from(hkdfSync('sha256', Buffer.from(installationKey, 'base64'), Buffer.alloc(0), 'willkommen documents at rest', 32)).toString('base64')),
      signInKey: Buffer.from(hkdfSync('sha256', Buffer.from(installationKey, 'base64'), Buffer.alloc(0), 'willkommen status sign-in codes', 32)),
    };
    await registerReceiptKey(db.pool, applications.receiptKeys);
    const app = await buildApp({ config, db, pages: new PageCache(config.pageCacheSeconds * 1000), identity, appointments, jobs, queue, applications }, { rateLimitPerMinute: config.rateLimitPerMinute, logger: { level: config.logLevel } });
    const address = await app.listen({ host: config.host, port: config.port });
    if (!identity.links.base) identity.links.base = address.replace('127.0.0.1', 'localhost');
    const authority = await findAuthority(db.pool, config.portalAuthority);
    const setupLink = authority ? await issueFirstAdminLink({ authorityId: authority.id }, identity) : null;
    return {
      app,
      db,
      url: address,
      setupLink,
      jobs,
      appointments,
      async stop() {
        await app.close();
        await jobs?.stop();
        mailer.close();
        await db.close();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => undefined);
    await db.close();
    throw error;
  }
}
