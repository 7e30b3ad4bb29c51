import { createChallenge, verifySolution } from 'altcha-lib/v1';

/**
 * Proof of work when a form is under pressure (holding a time, uploading to an application). Below
 * the threshold nobody solves anything (pages work without JavaScript); above it, the form needs an
 * ALTCHA solution, which costs a browser a second and a bot farm real money per attempt. No third
 * party is involved. Each form keeps its own gate (its own count and threshold).
 */
export class PowGate {
  private readonly recent: number[] = [];
  private readonly used = new Map<string, number>();

  constructor(
    private readonly hmacKey: string,
    private readonly threshold: number,
    private readonly maxNumber = 50_000,
  ) {}

  /** Counts one attempt to hold a slot. */
  hit(now = Date.now()): void {
    this.recent.push(now);
    while (this.recent.length > 0 && this.recent[0]! < now - 60_000) this.recent.shift();
  }

  /** Whether attempts now need a proof of work. */
  required(now = Date.now()): boolean {
    if (this.threshold === 0) return true;
    return this.recent.filter((t) => t >= now - 60_000).length >= this.threshold;
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

  /** Checks a solution once: a solved challenge cannot be replayed. */
  async verify(payload: unknown): Promise<boolean> {
    if (typeof payload !== 'string' || payload.length === 0 || payload.length > 2000) return false;
    let ok = false;
    try {
      ok = await verifySolution(payload, this.hmacKey, true);
    } catch {
      return false;
    }
    if (!ok || this.used.has(payload)) return false;
    const now = Date.now();
    for (const [key, at] of this.used) if (at < now - 700_000) this.used.delete(key);
    this.used.set(payload, now);
    return true;
  }
}
