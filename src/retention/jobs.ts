import type { Jobs } from '../platform/jobs.js';
import { RETENTION_JOB, sweepExpiredData, type RetentionDeps } from './sweep-expired-data.js';

/**
 * Each night at 03:30 (office time), after the queue has closed the day's open tickets (02:30) and
 * before anyone works: expired personal data is deleted or erased.
 */
export async function scheduleRetentionJobs(jobs: Jobs, deps: RetentionDeps): Promise<void> {
  await jobs.every(RETENTION_JOB, '30 3 * * *', async () => {
    await sweepExpiredData(deps);
  });
}
