import { createHmac } from 'node:crypto';
import type pg from 'pg';

/** A counter's state after a hit: hits in the current window (this one included) and the window's time left. */
export interface Count {
  readonly current: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  readonly ttl: number;
}

/** One key's hits to add, in a window of `windowMs` that starts with the first hit. */
export interface Hits {
  readonly key: Buffer;
  readonly hits: number;
  readonly windowMs: number;
}

// A window that has ended starts again with these hits; otherwise they are added. `now()` is the
// database's clock, the one clock all instances share.
const UPSERT = `
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.window_ends_at <= now() THEN excluded.hits ELSE c.hits + excluded.hits END,
    window_ends_at = CASE WHEN c.window_ends_at <= now() THEN excluded.window_ends_at ELSE c.window_ends_at END
  RETURNING key, hits, greatest(0, ceil(extract(epoch FROM c.window_ends_at - now()) * 1000))::int AS ttl`;

const HIT_ONE = {
  name: 'rate-limit-hit',
  text: `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
         VALUES ($1, $2, now() + make_interval(secs => $3::int / 1000.0)) ${UPSERT}`,
};

const HIT_MANY = {
  name: 'rate-limit-hit-many',
  text: `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
         SELECT k, n, now() + make_interval(secs => w / 1000.0)
           FROM unnest($1::bytea[], $2::int[], $3::int[]) WITH ORDINALITY AS h(k, n, w, i) ORDER BY i ${UPSERT}`,
};

// A sliding window of `buckets` buckets of `bucketMs` each, numbered by the database's clock: one
// hit in the current bucket, and the sum of the current one and the earlier ones still in the window.
const HIT_SLIDING = {
  name: 'rate-limit-hit-sliding',
  text: `WITH now_bucket AS (SELECT floor(extract(epoch FROM now()) * 1000 / $2::int)::bigint AS b),
         hit AS (
           INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
           SELECT convert_to($1 || ':' || b, 'UTF8'), 1, now() + make_interval(secs => $2::int * ($3::int + 1) / 1000.0)
             FROM now_bucket
           ON CONFLICT (key) DO UPDATE SET hits = c.hits + 1
           RETURNING hits)
         SELECT (SELECT hits FROM hit) + coalesce((
           SELECT sum(hits) FROM rate_limit_counters, now_bucket
            WHERE key IN (SELECT convert_to($1 || ':' || (b - i), 'UTF8') FROM generate_series(1, $3::int - 1) AS i)
              AND window_ends_at > now()), 0)::int AS total`,
};

const READ_SLIDING = {
  name: 'rate-limit-read-sliding',
  text: `SELECT coalesce(sum(hits), 0)::int AS total
           FROM rate_limit_counters, (SELECT floor(extract(epoch FROM now()) * 1000 / $2::int)::bigint AS b) AS now_bucket
          WHERE key IN (SELECT convert_to($1 || ':' || (b - i), 'UTF8') FROM generate_series(0, $3::int - 1) AS i)
            AND window_ends_at > now()`,
};

/**
 * Counters in PostgreSQL (`rate_limit_counters`), shared by every instance on the database: each
 * hit is one statement (an upsert returning the count), so two instances count one address once.
 */
export class SharedCounters {
  constructor(
    private readonly pool: pg.Pool,
    private readonly hmacKey: Buffer,
  ) {}

  /** The row key of a limit's name and subject (an address, a solved challenge): an HMAC, no address in the clear. */
  keyOf(name: string, subject: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(name).update('\u0000').update(subject).digest().subarray(0, 16);
  }

  /** Adds hits to one key and returns its count in the current window. */
  async hit(key: Buffer, windowMs: number, hits = 1): Promise<Count> {
    const { rows } = await this.pool.query<{ hits: number; ttl: number }>({
      ...HIT_ONE,
      values: [key, hits, windowMs],
    });
    return { current: rows[0]!.hits, ttl: rows[0]!.ttl };
  }

  /**
   * Adds hits to many keys in one statement; the counts come back in the same order. The rows are
   * locked in key order, so two instances flushing overlapping keys at once cannot deadlock.
   */
  async hitMany(batch: readonly Hits[]): Promise<Count[]> {
    if (batch.length === 0) return [];
    const ordered = [...batch].sort((a, b) => Buffer.compare(a.key, b.key));
    const { rows } = await this.pool.query<{ key: Buffer; hits: number; ttl: number }>({
      ...HIT_MANY,
      values: [ordered.map((h) => h.key), ordered.map((h) => h.hits), ordered.map((h) => h.windowMs)],
    });
    const byKey = new Map(rows.map((r) => [r.key.toString('hex'), { current: r.hits, ttl: r.ttl }]));
    return batch.map((h) => byKey.get(h.key.toString('hex'))!);
  }

  /** Whether this is the first use of `subject` under `name` within `windowMs` (a replayed token is not). */
  async firstUse(name: string, subject: string, windowMs: number): Promise<boolean> {
    return (await this.hit(this.keyOf(name, subject), windowMs)).current === 1;
  }

  /**
   * Counts one event of `name` (no subject: a load, not a person) and returns the events within the
   * last `buckets` × `bucketMs`, this one included: a sliding window, to a bucket's precision.
   */
  async hitSliding(name: string, bucketMs: number, buckets: number): Promise<number> {
    const { rows } = await this.pool.query<{ total: number }>({ ...HIT_SLIDING, values: [name, bucketMs, buckets] });
    return rows[0]!.total;
  }

  /** The events of `name` within the last `buckets` × `bucketMs`, without counting one. */
  async readSliding(name: string, bucketMs: number, buckets: number): Promise<number> {
    const { rows } = await this.pool.query<{ total: number }>({ ...READ_SLIDING, values: [name, bucketMs, buckets] });
    return rows[0]!.total;
  }

  /** Deletes the rows whose window has ended (run by a job; a hit on an ended window starts it again anyway). */
  async purge(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM rate_limit_counters WHERE window_ends_at <= now()');
    return rowCount ?? 0;
  }
}
