/**
 * The composition root's object graph: everything the routes, jobs and use cases run with, built
 * once at start. No container: `Services` is whatever `buildServices` returns, and each
 * capability's routes declare the part they need (`AppDeps & { appointments: AppointmentDeps }`).
 */
import path from 'node:path';
import type pino from 'pino';
import type { AppointmentDeps } from './appointments/appointments-deps.js';
import type { AuditDeps } from './audit/audit-deps.js';
import { auditKeysFrom } from './audit/audit-keys.js';
import { findAuthority } from './authorities/find-authority.js';
import type { CaseDeps } from './cases/cases-deps.js';
import { spokenAtLocations } from './competences/read-language-coverage.js';
import { documentVault } from './cases/documents/document-vault.js';
import type { FeedbackDeps } from './feedback/feedback-deps.js';
import { surveyToken } from './feedback/survey-token.js';
import { UploadSlots } from './platform/http/upload-slots.js';
import { receiptKeysFrom } from './cases/receipts/receipt-keys.js';
import type { IdentityDeps } from './identity/identity-deps.js';
import { activeStaffEmailsWithRole } from './identity/staff-with-role.js';
import type { AppDeps } from './platform/app-deps.js';
import type { Config } from './platform/config.js';
import { derivedKey, sealer } from './platform/crypto.js';
import type { Database } from './platform/database/index.js';
import { PageCache } from './platform/http/page-cache.js';
import type { Portal } from './platform/http/public-page.js';
import type { Jobs } from './platform/jobs.js';
import { sharedLimits } from './platform/rate-limit-store/index.js';
import { createMailer } from './platform/mail/mailer.js';
import { enqueueMail } from './platform/mail/outbox.js';
import { LiveStreamCap } from './platform/http/event-stream.js';
import { outboxWorker } from './platform/mail/outbox-worker.js';
import { CONFIRMATION_PDF, renderConfirmationPdf } from './appointments/confirmation/confirmation-mail.js';
import { RECEIPT_PDF, renderReceiptPdf } from './cases/receipts/receipt-for-case.js';
import type { StaffHttpDeps } from './platform/staff/staff-http.js';
import { QueueLive } from './queue/live.js';
import type { QueueDeps } from './queue/queue-deps.js';
import type { RenewalDeps } from './renewals/renewals-deps.js';
import { publishedProcessingTime } from './reports/published-processing-times.js';
import type { RetentionDeps } from './retention/sweep-expired-data.js';

export function buildServices(options: {
  config: Config;
  db: Database;
  jobs: Jobs;
  installationKey: string;
  logger: pino.Logger;
}) {
  const { config, db, jobs, installationKey, logger } = options;
  const pool = db.pool;
  const seal = sealer(installationKey);
  // Filled in once the server listens, when PUBLIC_URL is not set.
  const links = { base: config.publicUrl ?? '' };
  const mailer = createMailer(
    { smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') },
    (line) => logger.info({ component: 'mail' }, line),
  );
  // Use cases queue mail in their transactions (enqueueMail); only this worker sends, after the commit.
  // Attachments queued as recipes are rendered when sent, outside the transactions that queued them.
  const outbox = outboxWorker({
    pool,
    mailer,
    log: (line) => logger.warn({ component: 'mail' }, line),
    renderers: {
      [CONFIRMATION_PDF]: renderConfirmationPdf,
      [RECEIPT_PDF]: (recipe) => renderReceiptPdf({ links }, recipe),
    },
  });
  const portal: Portal = { pool, authority: () => findAuthority(pool, config.portalAuthority) };
  const pages = new PageCache(config.pageCacheSeconds * 1000);
  // Rate limits and the proof-of-work load, shared by every instance on the database.
  const limits = sharedLimits(pool, derivedKey(installationKey, 'rate limit keys'), (line) =>
    logger.warn({ component: 'limits' }, line),
  );
  const streams = new LiveStreamCap(config.http.liveStreamsPerAddress);
  const shared: AppDeps = { config, db, portal, pages, jobs, limits, streams };
  const identity: IdentityDeps = {
    pool,
    sealer: seal,
    addressKey: derivedKey(installationKey, 'staff sign-in addresses'),
    links,
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionMaxHours: config.sessionMaxHours,
    // The service pages list the languages spoken at each location (competences): cached pages go stale.
    languagesChanged: () => pages.clear(),
  };
  const staffHttp: StaffHttpDeps = {
    portal,
    secureCookies: config.env === 'production',
    sessionMaxHours: config.sessionMaxHours,
    loginAttemptsPerIp: config.loginAttemptsPerIp,
  };
  const appointments: AppointmentDeps = {
    pool,
    sealer: seal,
    links,
    identitySecret: derivedKey(installationKey, 'appointment identity'),
  };
  const surveyKey = derivedKey(installationKey, 'survey invitations');
  const queue: QueueDeps = {
    live: new QueueLive(pool, (line) => logger.warn({ component: 'queue' }, line)),
    links,
    // The served walk-in's survey link: the token derived as the invitation job derives it.
    surveyPath: (ticketId, locale) => `/${locale}/survey/${surveyToken(surveyKey, 'ticket', ticketId)}`,
  };
  const cases: CaseDeps = {
    pool,
    links,
    receiptKeys: receiptKeysFrom(installationKey),
    // Uploaded files are sealed under a key of their own.
    vault: documentVault(derivedKey(installationKey, 'documents at rest').toString('base64')),
    signInKey: derivedKey(installationKey, 'status sign-in codes'),
    uploads: {
      limits: config.uploads,
      slots: new UploadSlots(config.uploads.concurrent),
      addressKey: derivedKey(installationKey, 'upload quota addresses'),
      powKey: derivedKey(installationKey, 'upload proof of work').toString('hex'),
    },
  };
  const renewals: RenewalDeps = { pool, links };
  const feedback: FeedbackDeps = { pool, links, surveyKey };
  const retention: RetentionDeps = { pool, periods: config.retention };
  const audit: AuditDeps = {
    pool,
    keys: auditKeysFrom(installationKey),
    checkpointFile: config.auditCheckpointFile,
    dataProtectionOfficers: (tx) => activeStaffEmailsWithRole(tx, 'data_protection_officer'),
    // Queued in the checkpoint's transaction: it leaves after the commit, retried by the outbox.
    notifyCheckpoint: async (tx, authorityId, mail) => {
      await enqueueMail(tx, authorityId, mail);
    },
    log: (line) => logger.warn({ component: 'audit' }, line),
  };
  return {
    ...shared,
    links,
    mailer,
    outbox,
    sealer: seal,
    identity,
    staffHttp,
    appointments,
    queue,
    cases,
    renewals,
    feedback,
    retention,
    audit,
    // The service pages' languages per location (competences), given to the catalogue's routes.
    spokenAt: spokenAtLocations,
    // The published processing times (reports/), for the service and status pages.
    processingTimes: publishedProcessingTime,
  };
}

export type Services = ReturnType<typeof buildServices>;
