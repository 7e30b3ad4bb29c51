import type { Context } from '../context.js';

/** A service's published processing time (median and 80th percentile in days over the last 6 months). */
export interface PublishedProcessingTime {
  readonly serviceId: string;
  readonly cases: number;
  /** Null: fewer decided cases than the minimum, "not enough data". */
  readonly medianDays: number | null;
  readonly p80Days: number | null;
}

/**
 * The published processing time of one service, or null when none is known. The reports capability
 * computes them; the composition root hands this lookup to the pages that show them (the service
 * page, the status page), which cannot import reports/ without an import cycle.
 */
export type ProcessingTimeLookup = (ctx: Context, serviceId: string) => Promise<PublishedProcessingTime | null>;
