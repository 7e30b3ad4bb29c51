import type { QueueLive } from './live.js';

/** What the queue routes need besides the database: the live fan-out and the base URL for phone links. */
export interface QueueDeps {
  readonly live: QueueLive;
  readonly links: { base: string };
  /**
   * The customer survey's link for a served walk-in ticket (given by the composition root, so that the
   * queue needs no import of the survey; absent: no link).
   */
  readonly surveyPath?: (ticketId: string, locale: string) => string;
}
