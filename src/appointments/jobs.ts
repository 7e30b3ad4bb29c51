import { listAuthorities } from '../authorities/find-authority.js';
import { withTenant } from '../platform/database/index.js';
import type { Jobs } from '../platform/jobs.js';
import type { AppointmentDeps } from './appointments-deps.js';
import { passLapsedOffers } from './draws/answer-offer.js';
import { drawRound, dueRounds } from './draws/run-due-draws.js';
import { releaseAllLapsed, sendDueReminders } from './confirmation/send-reminders.js';

export const SWEEP_JOB = 'appointments-sweep';
export const REMINDER_JOB = 'appointments-reminders';

/** Each minute: lapsed holds and offers give their time back, closed draw rounds are drawn. */
export async function sweep(deps: AppointmentDeps): Promise<void> {
  for (const authority of await listAuthorities(deps.pool)) {
    await withTenant(deps.pool, authority.id, async (tx) => {
      await releaseAllLapsed(tx);
      await passLapsedOffers(tx, authority.id, deps);
    });
    const due = await withTenant(deps.pool, authority.id, dueRounds);
    // One transaction per round (its mails queued with it): a failing round is retried next minute alone.
    for (const roundId of due)
      await withTenant(deps.pool, authority.id, (tx) => drawRound(tx, authority.id, roundId, authority.name, deps));
  }
}

export async function remind(deps: AppointmentDeps): Promise<void> {
  for (const authority of await listAuthorities(deps.pool))
    await withTenant(deps.pool, authority.id, (tx) => sendDueReminders(tx, authority.id));
}

export async function scheduleAppointmentJobs(jobs: Jobs, deps: AppointmentDeps): Promise<void> {
  await jobs.every(SWEEP_JOB, '* * * * *', () => sweep(deps));
  await jobs.every(REMINDER_JOB, '*/10 * * * *', () => remind(deps));
}
