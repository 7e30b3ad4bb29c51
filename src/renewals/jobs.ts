import type { Jobs } from '../platform/jobs.js';
import { IMPORT_JOB, importPermits } from './import-permits.js';
import type { RenewalDeps } from './renewals-deps.js';
import { REMINDER_JOB, sendRenewalReminders } from './send-renewal-reminders.js';

/**
 * Imports are started at once after an upload (runNow) and looked for each minute too, so that one
 * interrupted by a restart goes on. Reminders go out once a day at 08:00 (office time).
 */
export async function scheduleRenewalJobs(jobs: Jobs, deps: RenewalDeps): Promise<void> {
  await jobs.every(IMPORT_JOB, '* * * * *', () => importPermits(deps.pool));
  await jobs.every(REMINDER_JOB, '0 8 * * *', async () => {
    await sendRenewalReminders(deps);
  });
}
