import type pg from 'pg';

/** What the survey's jobs and pages need: the database, the public base URL, the key of the invitation tokens. */
export interface FeedbackDeps {
  readonly pool: pg.Pool;
  readonly links: { base: string };
  readonly surveyKey: Buffer;
}
