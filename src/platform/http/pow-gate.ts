import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { SharedCounters } from '../rate-limit-store/index.js';

/** The load is the form's attempts in the last minute, in buckets of 6 s, across all instances. */
const LOAD = { bucketMs: 6_000, buckets: 10 } as const;
/** How long the page's view of the load may be old: the week page asks once a second per instance at most. */
const LOAD_FRESH_MS = 1_000;
/** Solved challenges are remembered a little longer than a challenge is valid (10 minutes). */
const USED_MS = 700_000;

/**
 * Proof of work when a form is under pressure (holding a time, uploading to an application). Below
 * the threshold nobody solves anything (pages work without JavaScript); above it, the form needs an
 * ALTCHA solution, which costs a browser a second and a bot farm real money per attempt. No third
 * party is involved. Each form counts its own load (`loadName`) against its own threshold.
 *
 * The load and the used solutions are counted in PostgreSQL (platform/rate-limit-store/): with two
 * instances on one database, the threshold is the whole installation's, and a solution used on one
 * instance is refused on the other.
 */
export class PowGate {
  private load: { value: number; at: number; reading?: Promise<number> } = { value: 0, at: Number.NEGATIVE_INFINITY };

  constructor(
    private readonly counters: SharedCounters,
    private readonly hmacKey: string,
    private readonly threshold: number,
    private readonly maxNumber = 50_000,
    private readonly loadName = 'booking holds',
  ) {}

  /** Counts one attempt to hold a slot; whether it needs a proof of work (the load before it reached the threshold). */
  async hit(): Promise<boolean> {
    if (this.threshold === 0) return true;
    const total = await this.counters.hitSliding(this.loadName, LOAD.bucketMs, LOAD.buckets);
    this.load = { value: total, at: Date.now() };
    return total - 1 >= this.threshold;
  }

  /** Whether attempts now need a proof of work (for the week page, which offers the challenge). */
  async required(): Promise<boolean> {
    if (this.threshold === 0) return true;
    const now = Date.now();
    if (now - this.load.at > LOAD_FRESH_MS) {
      // One read at a time: the pages asking meanwhile wait for it.
      this.load.reading ??= this.counters.readSliding(this.loadName, LOAD.bucketMs, LOAD.buckets).then(
        (value) => {
          this.load = { value, at: Date.now() };
          return value;
        },
        (error: unknown) => {
          this.load.reading = undefined;
          throw error;
        },
      );
      await this.load.reading;
    }
    return this.load.value >= this.threshold;
  }

  /** A signed challenge, serialised for the page (valid 10 minutes). */
  async challenge(): Promise<string> {
    const challenge = await createChallenge({
      hmacKey: this.hmacKey,
      maxNumber: this.maxNumber,
      expires: new Date(Date.now() + 600_000),
    });
    return JSON.stringify(challenge);
  }

  /** Checks a solution once, on whichever instance: a solved challenge cannot be replayed. */
  async verify(payload: unknown): Promise<boolean> {
    if (typeof payload !== 'string' || payload.length === 0 || payload.length > 2000) return false;
    try {
      if (!(await verifySolution(payload, this.hmacKey, true))) return false;
    } catch {
      return false;
    }
    return this.counters.firstUse('pow solution', payload, USED_MS);
  }
}
