import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import { mayManageRegister } from './register-access.js';

export const DEFAULT_WEEKS_BEFORE = 8;
export const MIN_WEEKS_BEFORE = 1;
export const MAX_WEEKS_BEFORE = 26;

/** How many weeks before expiry holders are written to (the default while the authority has set nothing). */
export async function weeksBefore(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ weeks_before: number }>('SELECT weeks_before FROM renewal_settings');
  return rows[0]?.weeks_before ?? DEFAULT_WEEKS_BEFORE;
}

/** Sets how many weeks before expiry the reminder goes out (1 to 26), with an audit entry; only with a grant for the whole register. */
export async function updateRenewalSettings(
  { weeksBefore: weeks }: { weeksBefore: number },
  ctx: Context,
): Promise<{ ok: true } | { ok: false; reason: 'badWeeks' | 'notAllowed' }> {
  if (!mayManageRegister(ctx)) return { ok: false, reason: 'notAllowed' };
  if (!Number.isInteger(weeks) || weeks < MIN_WEEKS_BEFORE || weeks > MAX_WEEKS_BEFORE)
    return { ok: false, reason: 'badWeeks' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const before = await weeksBefore(tx);
    await tx.query(
      `INSERT INTO renewal_settings (authority_id, weeks_before) VALUES ($1, $2)
       ON CONFLICT (authority_id) DO UPDATE SET weeks_before = EXCLUDED.weeks_before, updated_at = now()`,
      [ctx.authorityId, weeks],
    );
    if (before !== weeks) {
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'renewals.settings_changed',
        objectType: 'renewal_settings',
        details: { weeksBefore: { from: before, to: weeks } },
      });
    }
    return { ok: true };
  });
}
