import { can } from '../../platform/access/policies.js';
import { officeToday } from '../../platform/clock/office-time.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { type Tx, withTenant } from '../../platform/database/index.js';
import { PULSE_QUESTIONS, type PulseGroup, quarterOf, reportable } from './pulse.js';
import { pulseToken } from './pulse-token.js';

export interface PulseOverview {
  readonly quarter: string;
  /** Whether this quarter's round is open. */
  readonly open: boolean;
  /** The signed-in person's token while their invitation to this quarter's round is unanswered. */
  readonly myToken: string | null;
  readonly answeredByMe: boolean;
  readonly canOpen: boolean;
  /** Per quarter, newest first, for those who see the figures (`reports.view`); k-anonymous. */
  readonly trends: readonly ReturnType<typeof reportable>[] | null;
}

/** `/staff/pulse`: whether to answer this quarter's pulse, opening it, and the trends per quarter. */
export async function pulseOverview(
  options: { key: Buffer; now?: number },
  ctx: Context,
): Promise<PulseOverview | null> {
  if (ctx.actor.kind !== 'staff') return null;
  const actor = ctx.actor;
  const quarter = quarterOf(officeToday(options.now ?? Date.now()));
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [round],
    } = await tx.query<{ id: string }>('SELECT id FROM pulse_rounds WHERE quarter = $1', [quarter]);
    let myToken: string | null = null;
    let answeredByMe = false;
    if (round) {
      const token = pulseToken(options.key, round.id, actor.userId);
      const {
        rows: [mine],
      } = await tx.query<{ answered: boolean }>('SELECT answered FROM pulse_invitations WHERE token_hash = $1', [
        tokenHash(token),
      ]);
      answeredByMe = mine?.answered ?? false;
      myToken = mine && !mine.answered ? token : null;
    }
    return {
      quarter,
      open: Boolean(round),
      myToken,
      answeredByMe,
      canOpen: can(actor, 'surveys.configure', { authorityId: ctx.authorityId }),
      trends: can(actor, 'reports.view', { authorityId: ctx.authorityId }) ? await pulseTrends(tx) : null,
    };
  });
}

/** Every round's means and free texts, shown only for rounds with enough answers (reportable()). */
export async function pulseTrends(tx: Tx): Promise<ReturnType<typeof reportable>[]> {
  const means = PULSE_QUESTIONS.map((q) => `'${q}', round(avg((a.scores->>'${q}')::numeric), 2)`).join(', ');
  const { rows } = await tx.query<{
    quarter: string;
    answers: number;
    means: Record<string, string | null>;
    comments: string[];
  }>(
    `SELECT r.quarter, count(a.id)::int AS answers, jsonb_build_object(${means}) AS means,
            coalesce(array_agg(a.comment ORDER BY a.comment) FILTER (WHERE a.comment <> ''), '{}') AS comments
       FROM pulse_rounds r LEFT JOIN pulse_answers a ON a.round_id = r.id
      GROUP BY r.id, r.quarter ORDER BY r.quarter DESC`,
  );
  return rows.map((r) => {
    const group: PulseGroup = {
      quarter: r.quarter,
      answers: r.answers,
      means: Object.fromEntries(Object.entries(r.means).flatMap(([k, v]) => (v === null ? [] : [[k, Number(v)]]))),
      comments: r.comments,
    };
    return reportable(group);
  });
}
