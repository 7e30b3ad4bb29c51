import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Count, SharedCounters } from './shared-counters.js';
import type { WriteBehindCounts } from './write-behind.js';

type Callback = (error: Error | null, result?: Count) => void;

/**
 * A route's own limit (sign-in, hold, status code: a few dozen per address and hour): exact across
 * instances, one upsert per request. These routes do database work anyway; one statement more is
 * what the limit costs, and the N+1st request is refused whichever instance it reaches.
 */
class ExactStore implements FastifyRateLimitStore {
  constructor(
    private readonly counters: SharedCounters,
    private readonly name: string,
  ) {}

  incr(subject: string, callback: Callback, timeWindow: number): void {
    this.counters.hit(this.counters.keyOf(this.name, subject), timeWindow).then(
      (count) => callback(null, count),
      (error: Error) => callback(error),
    );
  }

  child(): FastifyRateLimitStore {
    return this;
  }
}

/**
 * The global limit (every request without a limit of its own, 600 a minute per address by default):
 * counted in memory and written behind to PostgreSQL in one statement for all addresses every
 * `flushMs`, so a cached page costs no round trip. Across instances it holds to within what one
 * address sends to each instance in `flushMs` — a flood guard, not an exact count.
 */
class GlobalStore implements FastifyRateLimitStore {
  constructor(
    private readonly counters: SharedCounters,
    private readonly counts: WriteBehindCounts,
  ) {}

  incr(subject: string, callback: Callback, timeWindow: number): void {
    callback(null, this.counts.hit(subject, timeWindow));
  }

  child(route: { method?: string | string[]; url?: string }): FastifyRateLimitStore {
    // One counter per route (and method): the route's URL pattern, not the request's path.
    const name = `${[route.method ?? ''].flat().join(',')} ${route.url ?? ''}`;
    return new ExactStore(this.counters, name);
  }
}

/** The store class for @fastify/rate-limit: the global limit written behind, each route's own limit exact. */
export function sharedRateLimitStore(counters: SharedCounters, counts: WriteBehindCounts): FastifyRateLimitStoreCtor {
  // @fastify/rate-limit constructs the store itself, with its options, which the store does not need.
  return class extends GlobalStore {
    constructor() {
      super(counters, counts);
    }
  };
}
