import { recordAudit } from '../../audit/record-audit.js';
import { activeOwnStaffIds } from '../../identity/active-staff.js';
import { can } from '../../platform/access/policies.js';
import { officeToday } from '../../platform/clock/office-time.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import { quarterOf } from './pulse.js';
import { pulseToken } from './pulse-token.js';

export type OpenRoundResult =
  | { readonly ok: true; readonly quarter: string; readonly invited: number }
  | { readonly ok: false };

/**
 * Opens this quarter's pulse (once: a second click finds it open) and invites every active member
 * of the office's own staff, each with a token of their own. Whole-authority action: `surveys.configure`.
 */
export async function openPulseRound(options: { key: Buffer; now?: number }, ctx: Context): Promise<OpenRoundResult> {
  if (ctx.actor.kind !== 'staff' || !can(ctx.actor, 'surveys.configure', { authorityId: ctx.authorityId })) {
    return { ok: false };
  }
  const actor = ctx.actor;
  const quarter = quarterOf(officeToday(options.now ?? Date.now()));
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    await tx.query('INSERT INTO pulse_rounds (authority_id, quarter) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      ctx.authorityId,
      quarter,
    ]);
    const {
      rows: [round],
    } = await tx.query<{ id: string }>('SELECT id FROM pulse_rounds WHERE quarter = $1', [quarter]);
    let invited = 0;
    // Staff who joined since the round opened are invited when it is opened again.
    for (const staffId of await activeOwnStaffIds(tx)) {
      const { rowCount } = await tx.query(
        `INSERT INTO pulse_invitations (round_id, authority_id, staff_user_id, token_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [round!.id, ctx.authorityId, staffId, tokenHash(pulseToken(options.key, round!.id, staffId))],
      );
      invited += rowCount ?? 0;
    }
    await recordAudit(tx, ctx.authorityId, actor, { action: 'feedback.pulse_opened', details: { quarter, invited } });
    return { ok: true, quarter, invited };
  });
}
