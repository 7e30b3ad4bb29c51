import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import { scrubContactData } from '../scrub.js';
import { MAX_TEXT, parseSurvey, type SurveyFormError, type SurveyValues } from '../survey-form.js';
import { PULSE_QUESTIONS } from './pulse.js';

export const PULSE_FORM = [
  ...PULSE_QUESTIONS.map((key) => ({ key, kind: 'scale' as const })),
  { key: 'comment', kind: 'text' as const },
];

export type AnswerPulseResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'unknown' | 'answered' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly SurveyFormError[] };

/**
 * The signed-in member of staff answers their invitation once: it must be theirs (the token's hash
 * and their id), it is marked answered, and the answer is stored with its round only, in one transaction.
 */
export async function answerPulse(
  { token, values }: { token: string; values: SurveyValues },
  ctx: Context,
): Promise<AnswerPulseResult> {
  if (ctx.actor.kind !== 'staff') return { ok: false, reason: 'unknown' };
  const userId = ctx.actor.userId;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [invitation],
    } = await tx.query<{ round_id: string; answered: boolean }>(
      'SELECT round_id, answered FROM pulse_invitations WHERE token_hash = $1 AND staff_user_id = $2 FOR UPDATE',
      [tokenHash(token), userId],
    );
    if (!invitation) return { ok: false, reason: 'unknown' };
    if (invitation.answered) return { ok: false, reason: 'answered' };
    const parsed = parseSurvey(PULSE_FORM, values);
    if (!parsed.ok) return { ok: false, reason: 'invalid', errors: parsed.errors };
    await tx.query('UPDATE pulse_invitations SET answered = true WHERE token_hash = $1', [tokenHash(token)]);
    await tx.query('INSERT INTO pulse_answers (round_id, authority_id, scores, comment) VALUES ($1, $2, $3, $4)', [
      invitation.round_id,
      ctx.authorityId,
      JSON.stringify(parsed.scores),
      scrubContactData(parsed.texts.join('\n\n')).slice(0, MAX_TEXT),
    ]);
    return { ok: true };
  });
}
