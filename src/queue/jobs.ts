import type pg from 'pg';
import type { Jobs } from '../platform/jobs.js';
import { CLOSE_DAYS_JOB, closePastDays } from './close-past-days.js';

/** Each night at 02:30 (server time), open tickets of earlier days are closed. */
export async function scheduleQueueJobs(jobs: Jobs, pool: pg.Pool): Promise<void> {
  await jobs.every(CLOSE_DAYS_JOB, '30 2 * * *', async () => {
    await closePastDays(pool);
  });
}
