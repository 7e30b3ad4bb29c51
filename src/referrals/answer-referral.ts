import { recordAudit } from '../audit/record-audit.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withPartner } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import { ANSWER_KINDS, type AnswerKind, partnerOf } from './referral-store.js';

export interface AnswerInput {
  readonly referralId: string;
  readonly kind: string;
  readonly body: string;
  /** For a proposed appointment: the instant, already parsed from the form (office time). */
  readonly appointmentAt: Date | null;
}

export type AnswerError = {
  readonly field: 'kind' | 'body' | 'appointmentAt';
  readonly message: 'referrals.error.kind' | 'referrals.error.body' | 'referrals.error.reason' | 'referrals.error.when';
};

export type AnswerResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'notFound' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly AnswerError[] };

/** The form's rules, pure: a known kind, a reason for a refusal, a question's text, an appointment's time. */
export function answerErrors(input: AnswerInput, now = new Date()): AnswerError[] {
  const errors: AnswerError[] = [];
  if (!(ANSWER_KINDS as readonly string[]).includes(input.kind))
    errors.push({ field: 'kind', message: 'referrals.error.kind' });
  const body = input.body.trim();
  if (body.length > 1000) errors.push({ field: 'body', message: 'referrals.error.body' });
  else if (input.kind === 'declined' && body === '') errors.push({ field: 'body', message: 'referrals.error.reason' });
  else if (input.kind === 'question' && body === '') errors.push({ field: 'body', message: 'referrals.error.body' });
  if (input.kind === 'appointment' && (!input.appointmentAt || input.appointmentAt.getTime() <= now.getTime()))
    errors.push({ field: 'appointmentAt', message: 'referrals.error.when' });
  return errors;
}

/**
 * The partner answers (accept, propose an appointment, ask back, report the outcome), only under
 * the partner's context: a referral without valid consent, or another partner's, is not found and
 * the database would refuse the row anyway. The same answer twice in a row (a double click) is kept once.
 */
export async function answerReferral(input: AnswerInput, ctx: Context): Promise<AnswerResult> {
  const partnerId = partnerOf(ctx.actor);
  if (!partnerId || !isUuid(input.referralId) || ctx.actor.kind !== 'staff') return { ok: false, reason: 'notFound' };
  if (!actorCan(ctx.actor, 'referrals.answer', { authorityId: ctx.authorityId, partnerId }))
    return { ok: false, reason: 'notFound' };
  const userId = ctx.actor.userId;
  return withPartner(ctx.pool, ctx.authorityId, partnerId, async (tx) => {
    const found = await tx.query('SELECT 1 FROM referrals WHERE id = $1', [input.referralId]);
    if (found.rowCount === 0) return { ok: false, reason: 'notFound' };
    const errors = answerErrors(input);
    if (errors.length > 0) return { ok: false, reason: 'invalid', errors };
    const kind = input.kind as AnswerKind;
    const body = input.body.trim();
    const last = await tx.query<{ same: boolean }>(
      `SELECT (kind = $2 AND body = $3 AND appointment_at IS NOT DISTINCT FROM $4 AND answered_by = $5) AS same
         FROM referral_answers WHERE referral_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [input.referralId, kind, body, input.appointmentAt, userId],
    );
    if (last.rows[0]?.same) return { ok: true };
    await tx.query(
      `INSERT INTO referral_answers (referral_id, authority_id, partner_id, kind, body, appointment_at, answered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [input.referralId, ctx.authorityId, partnerId, kind, body, input.appointmentAt, userId],
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'referral.answered',
      objectType: 'referral',
      objectId: input.referralId,
      details: { kind },
    });
    return { ok: true };
  });
}
