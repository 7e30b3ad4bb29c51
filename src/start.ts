import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import { scheduleAppointmentJobs } from './appointments/jobs.js';
import { useAuditChainKey } from './audit/audit-keys.js';
import { scheduleAuditJobs } from './audit/jobs.js';
import type { AppointmentDeps } from './appointments/appointments-deps.js';
import type { AuditDeps } from './audit/audit-deps.js';
import { findAuthority } from './authorities/find-authority.js';
import { scheduleFeedbackJobs } from './feedback/jobs.js';
import { registerReceiptKey } from './cases/receipts/receipt-keys.js';
import { type DemoStaffLink, issueDemoStaffLinks } from './identity/demo-staff-links.js';
import { issueFirstAdminLink } from './identity/first-admin.js';
import { prepareAssets } from './platform/assets/prepare-assets.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/database/index.js';
import { storedSecret } from './platform/database/secrets.js';
import { sealer } from './platform/crypto.js';
import { startJobs, type Jobs } from './platform/jobs.js';
import { scheduleLimitPurge } from './platform/rate-limit-store/index.js';
import { scheduleOutbox, type OutboxWorker } from './platform/mail/outbox-worker.js';
import { scheduleQueueJobs } from './queue/jobs.js';
import { scheduleRenewalJobs } from './renewals/jobs.js';
import { scheduleReportJobs } from './reports/jobs.js';
import { scheduleRetentionJobs } from './retention/jobs.js';
import { loadSeeds } from './seeds.js';
import { buildServices, type Services } from './services.js';

export interface Running {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly url: string;
  /** The one-time link for the first admin, while the portal's authority has no admin. */
  readonly setupLink: string | null;
  /** Set-up links for the demo's seeded staff, issued beside the first admin's (see demo-staff-links.ts). */
  readonly demoStaffLinks: readonly DemoStaffLink[];
  /** The background job queue (tests run a job now instead of waiting for its schedule). */
  readonly jobs: Jobs;
  /** What the appointment use cases run with (tests call use cases directly). */
  readonly appointments: AppointmentDeps;
  /** The mail outbox's worker (tests deliver what is due now instead of waiting for the minute's sweep). */
  readonly outbox: OutboxWorker;
  /** What the audit trail's checkpoints run with (tests make one now). */
  readonly audit: AuditDeps;
  /** Stops taking requests, lets those in flight finish, closes the database (and the embedded server). */
  stop(): Promise<void>;
}

/** Every capability's background jobs, on their schedules (one runner per job across instances). */
async function scheduleJobs(services: Services): Promise<void> {
  await scheduleAppointmentJobs(services.jobs, services.appointments);
  await scheduleQueueJobs(services.jobs, services.db.pool);
  await scheduleRenewalJobs(services.jobs, services.renewals);
  await scheduleFeedbackJobs(services.jobs, services.feedback);
  await scheduleRetentionJobs(services.jobs, services.retention);
  await scheduleOutbox(services.jobs, services.outbox);
  await scheduleAuditJobs(services.jobs, services.audit);
  await scheduleLimitPurge(services.jobs, services.limits);
  // New processing times show on the cached public pages at once (in this instance; others within seconds).
  await scheduleReportJobs(services.jobs, services.db.pool, () => services.pages.clear());
}

export interface StartOptions {
  /** The embedded PostgreSQL died for good: the caller ends the process (main.ts exits with 1). */
  readonly onFatal?: (message: string) => void;
}

/** Starts the whole system: database (embedded or external), migrations, seeds, assets, jobs, HTTP. */
export async function startWillkommen(config: Config, options: StartOptions = {}): Promise<Running> {
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase(config, (message) => logger.debug({ component: 'postgres' }, message), {
    notice: (message) => logger.warn({ component: 'database' }, message),
    onFatal: (message) => {
      logger.fatal({ component: 'database' }, message);
      options.onFatal?.(message);
    },
  });
  let jobs: Jobs | undefined;
  // What has been started so far, for the error path.
  let started: { services: Services; app?: FastifyInstance } | undefined;
  let demoStaff: { authorityId: string; staffIds: string[] } | null = null;
  try {
    const installationKey = config.secretKey ?? (await storedSecret(config.dataDir, 'installation-key', 32, 'base64'));
    if (config.seedDemo) {
      // Draw rounds' seeds are sealed with the installation key until the draw.
      const seal = sealer(installationKey);
      const seeded = await loadSeeds(db.owner, undefined, { sealSeed: (seed) => seal.seal(seed) });
      logger.info({ services: seeded.services, counters: seeded.counters }, 'demo office loaded');
      demoStaff = seeded;
    }
    await prepareAssets();
    jobs = await startJobs(db.ownerUrl, (line) => logger.warn({ component: 'jobs' }, line));
    const services = buildServices({ config, db, jobs, installationKey, logger });
    started = { services };
    useAuditChainKey(services.audit.keys.chain);
    await scheduleJobs(services);
    services.queue.live.start(db.appUrl);
    services.outbox.start(db.appUrl);
    await registerReceiptKey(db.pool, services.cases.receiptKeys);
    const app = await buildApp(services, {
      rateLimitPerMinute: config.rateLimitPerMinute,
      logger: { level: config.logLevel },
    });
    started.app = app;
    const address = await app.listen({ host: config.host, port: config.port });
    if (!services.links.base) services.links.base = address.replace('127.0.0.1', 'localhost');
    const authority = await findAuthority(db.pool, config.portalAuthority);
    const setupLink = authority ? await issueFirstAdminLink({ authorityId: authority.id }, services.identity) : null;
    // Only beside a first admin's link, and only for the demo's own authority.
    const demoStaffLinks =
      setupLink && demoStaff && authority?.id === demoStaff.authorityId
        ? await issueDemoStaffLinks(
            { authorityId: demoStaff.authorityId, userIds: demoStaff.staffIds },
            services.identity,
          )
        : [];
    return {
      app,
      db,
      url: address,
      setupLink,
      demoStaffLinks,
      jobs,
      appointments: services.appointments,
      outbox: services.outbox,
      audit: services.audit,
      async stop() {
        await app.close();
        await jobs?.stop();
        // The mail being sent is finished and marked; what is still queued waits for the next start.
        await services.outbox.stop();
        services.mailer.close();
        await db.close();
      },
    };
  } catch (error) {
    // Whatever was started stops again (listeners reconnecting, timers), or a failed start would
    // keep the process alive without serving.
    await (started?.app ? started.app.close() : started?.services.queue.live.stop())?.catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await started?.services.outbox.stop().catch(() => undefined);
    started?.services.mailer.close();
    await db.close();
    throw error;
  }
}
