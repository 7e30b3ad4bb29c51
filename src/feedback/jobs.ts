import type { Jobs } from '../platform/jobs.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { INVITE_JOB, inviteToSurvey } from './invite-to-survey.js';

/** Invitations go out each minute for what was served or decided since the last run. */
export async function scheduleFeedbackJobs(jobs: Jobs, deps: FeedbackDeps): Promise<void> {
  await jobs.every(INVITE_JOB, '* * * * *', async () => {
    await inviteToSurvey(deps);
  });
}
