import type { QueueLive } from './live.js';

/** What the queue routes need besides the database: the live fan-out and the base URL for phone links. */
export interface QueueDeps {
  readonly live: QueueLive;
  readonly links: { base: string };
}
