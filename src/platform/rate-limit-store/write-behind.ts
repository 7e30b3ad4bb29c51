import type { Count, SharedCounters } from './shared-counters.js';

interface Entry {
  readonly key: Buffer;
  readonly windowMs: number;
  /** The count all instances had reached at the last flush (this one's hits included). */
  shared: number;
  /** Hits not yet written, and hits being written now. */
  pending: number;
  inFlight: number;
  /** When the window ends, by this process's clock (from the database's time left at the last flush). */
  endsAt: number;
}

/** Keys kept in memory at most; beyond it, idle ones are forgotten first (their counts are in the table). */
const MAX_ENTRIES = 50_000;

/**
 * Counts hits in memory and writes them behind to `rate_limit_counters`, all keys in one statement
 * every `flushMs` while there are hits to write. A hit's count is the shared count at the last flush
 * plus this process's hits since: no round trip on the request's path. Should the database be away,
 * the hits stay here, still limit this process, and go with the next flush that succeeds.
 */
export class WriteBehindCounts {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly counters: SharedCounters,
    /** The limit's name, part of each row key. */
    private readonly name: string,
    private readonly log: (message: string) => void,
    private readonly flushMs = 500,
  ) {}

  /** Counts a hit of `subject` (an address); the row key (an HMAC) is made once per subject and window. */
  hit(subject: string, windowMs: number, now = Date.now()): Count {
    let entry = this.entries.get(subject);
    if (!entry) {
      entry = {
        key: this.counters.keyOf(this.name, subject),
        windowMs,
        shared: 0,
        pending: 0,
        inFlight: 0,
        endsAt: now + windowMs,
      };
      this.entries.set(subject, entry);
    } else if (entry.endsAt <= now) {
      entry.shared = 0;
      entry.endsAt = now + windowMs;
    }
    entry.pending++;
    this.schedule(true);
    return { current: entry.shared + entry.inFlight + entry.pending, ttl: entry.endsAt - now };
  }

  /** Writes what is pending now (tests, and the last flush on close). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // One write at a time: a hit's count is in flight in at most one of them.
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
      this.schedule([...this.entries.values()].some((e) => e.pending > 0));
    });
    await this.flushing;
  }

  /** Writes the last hits and stops the timer. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Sets the timer for the next flush, when there are hits to write and none is set or running. */
  private schedule(pending: boolean): void {
    if (!pending || this.timer || this.flushing || this.stopped) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const batch = [...this.entries.values()].filter((e) => e.pending > 0);
    for (const entry of batch) {
      entry.inFlight = entry.pending;
      entry.pending = 0;
    }
    try {
      const counts = await this.counters.hitMany(
        batch.map((e) => ({ key: e.key, hits: e.inFlight, windowMs: e.windowMs })),
      );
      const now = Date.now();
      batch.forEach((entry, i) => {
        entry.shared = counts[i]!.current;
        entry.endsAt = now + counts[i]!.ttl;
        entry.inFlight = 0;
      });
    } catch (error) {
      for (const entry of batch) {
        entry.pending += entry.inFlight;
        entry.inFlight = 0;
      }
      this.log(`rate limits: counts not shared, kept for the next try: ${(error as Error).message}`);
    }
    this.forgetIdle(Date.now());
  }

  /** Forgets keys whose window has ended, and idle keys beyond MAX_ENTRIES, oldest first. */
  private forgetIdle(now: number): void {
    for (const [id, entry] of this.entries) {
      const idle = entry.pending === 0 && entry.inFlight === 0;
      if (idle && (entry.endsAt <= now || this.entries.size > MAX_ENTRIES)) this.entries.delete(id);
    }
  }
}
