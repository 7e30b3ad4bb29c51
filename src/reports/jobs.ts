import { listAuthorities } from '../authorities/find-authority.js';
import type { Jobs } from '../platform/jobs.js';
import type pg from 'pg';
import { aggregateFigures } from './aggregate-figures.js';
import { forgetPublishedTimes } from './published-processing-times.js';
import { refreshLeadTimes } from './refresh-lead-times.js';

export const AGGREGATE_JOB = 'reports-aggregate';
export const LEAD_TIMES_JOB = 'reports-lead-times';

/**
 * The figures of past days are aggregated each night at 02:15 (office time), the coming capacity
 * every 15 minutes; both also once at start, so that a new installation has figures at once.
 */
export async function scheduleReportJobs(jobs: Jobs, pool: pg.Pool, aggregated: () => void): Promise<void> {
  await jobs.every(AGGREGATE_JOB, '15 2 * * *', async () => {
    for (const authority of await listAuthorities(pool)) await aggregateFigures(pool, authority.id);
    forgetPublishedTimes();
    aggregated();
  });
  await jobs.every(LEAD_TIMES_JOB, '*/15 * * * *', async () => {
    for (const authority of await listAuthorities(pool)) await refreshLeadTimes(pool, authority.id);
  });
  await jobs.runNow(AGGREGATE_JOB);
  await jobs.runNow(LEAD_TIMES_JOB);
}
