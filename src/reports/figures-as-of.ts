import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';

/** The last day the aggregates hold (null: the nightly run has not run yet). */
export async function figuresAsOf(ctx: Context): Promise<string | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ through: string | null }>(
      `SELECT to_char(through, 'YYYY-MM-DD') AS through FROM report_runs`,
    );
    return rows[0]?.through ?? null;
  });
}
