import type { Jobs } from '../platform/jobs.js';
import type { AuditDeps } from './audit-deps.js';
import { AUDIT_CHECKPOINT_JOB, writeCheckpoints } from './write-checkpoints.js';

/** Every hour, on the hour: each authority's chain head is signed and kept outside the database. */
export async function scheduleAuditJobs(jobs: Jobs, deps: AuditDeps): Promise<void> {
  await jobs.every(AUDIT_CHECKPOINT_JOB, '0 * * * *', async () => {
    await writeCheckpoints(deps);
  });
}
