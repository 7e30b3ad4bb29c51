import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';
import type { Jobs } from '../jobs.js';
import { sharedRateLimitStore } from './fastify-store.js';
import { SharedCounters } from './shared-counters.js';
import { WriteBehindCounts } from './write-behind.js';

export { SharedCounters, type Count } from './shared-counters.js';

/** The limits every instance on the database shares (README "Scaling past one machine"). */
export interface SharedLimits {
  /** Counters for limits of their own (the proof-of-work load, solved challenges). */
  readonly counters: SharedCounters;
  /** The global per-address limit's counts, written behind. */
  readonly counts: WriteBehindCounts;
  /** The store for @fastify/rate-limit. */
  readonly store: FastifyRateLimitStoreCtor;
}

export function sharedLimits(pool: pg.Pool, hmacKey: Buffer, log: (message: string) => void): SharedLimits {
  const counters = new SharedCounters(pool, hmacKey);
  const counts = new WriteBehindCounts(counters, 'global', log);
  return { counters, counts, store: sharedRateLimitStore(counters, counts) };
}

/** Every five minutes, the rows of ended windows go (one runner across instances). */
export async function scheduleLimitPurge(jobs: Jobs, limits: SharedLimits): Promise<void> {
  await jobs.every('rate-limit-purge', '*/5 * * * *', async () => {
    await limits.counters.purge();
  });
}
