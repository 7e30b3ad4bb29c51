/**
 * How many requests may receive and store files at the same time. Each one holds at most one file
 * in memory while it is checked and sealed, so this count bounds the memory uploads can take; a
 * request that finds no free slot is not queued (a queue would hold its connection and body) but
 * told at once to try again.
 */
export class UploadSlots {
  private busy = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error('upload slots: the size must be a whole number ≥ 1');
  }

  /** A slot's release (call it once), or null when all are taken. */
  tryAcquire(): (() => void) | null {
    if (this.busy >= this.size) return null;
    this.busy += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy -= 1;
    };
  }

  /** Slots taken now (the admin's storage page, tests). */
  inUse(): number {
    return this.busy;
  }
}
