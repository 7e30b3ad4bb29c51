import { officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { PROGRESS_COLUMNS, progressOf, type ImportProgress, type ProgressRow } from './find-import.js';
import { weeksBefore } from './update-renewal-settings.js';
import { mayManageRegister } from './register-access.js';

export interface RenewalOverview {
  /** The latest imports, newest first. */
  readonly imports: readonly ImportProgress[];
  readonly weeksBefore: number;
  readonly register: {
    /** Permits in the register that have not expired. */
    readonly current: number;
    /** Of these, expiring within the reminder window. */
    readonly due: number;
    /** Holders already written to (ever). */
    readonly notified: number;
  };
}

const SHOWN_IMPORTS = 50;

/** What the renewals page shows: the imports, the reminder setting, and the register in figures; null when not allowed. */
export async function listImports(ctx: Context, now = Date.now()): Promise<RenewalOverview | null> {
  if (!mayManageRegister(ctx)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<ProgressRow>(
      `SELECT ${PROGRESS_COLUMNS} FROM permit_imports ORDER BY created_at DESC LIMIT ${SHOWN_IMPORTS}`,
    );
    const weeks = await weeksBefore(tx);
    const {
      rows: [counts],
    } = await tx.query<{ current: number; due: number; notified: number }>(
      `SELECT count(*) FILTER (WHERE expires_on >= $1::date)::int AS current,
              count(*) FILTER (WHERE expires_on >= $1::date AND expires_on <= $1::date + $2::int * 7)::int AS due,
              count(*) FILTER (WHERE notified_at IS NOT NULL)::int AS notified
         FROM issued_permits`,
      [officeToday(now), weeks],
    );
    return {
      imports: rows.map(progressOf),
      weeksBefore: weeks,
      register: counts ?? { current: 0, due: 0, notified: 0 },
    };
  });
}
