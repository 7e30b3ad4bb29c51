import { officeToday } from '../../platform/clock/office-time.js';
import { addDays, isDay } from '../../platform/clock/office-time.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { CaseState } from '../case-state.js';
import { allowedCase } from '../case-policy.js';

/** While the application is open: before a decision there is something to certify. */
const OPEN: readonly CaseState[] = [
  'received',
  'incomplete',
  'in_review',
  'waiting_other_authority',
  'ready_for_decision',
];
/** The longest validity set at once (it is extended by issuing a new one). */
const MAX_MONTHS_DAYS = 183;

export type IssueRefusal = 'unknown' | 'notOpen' | 'badNumber' | 'badValidity' | 'numberUsed';

/**
 * Records a Fiktionsbescheinigung for an open case, by staff the policy lets work it (else 'unknown'): which blank form (its serial number), until
 * when, and which fiction: § 81 Abs. 4 when the application for a title arrived before the current
 * one expired (the case says so), otherwise § 81 Abs. 3 (the stay counts as allowed).
 */
export async function issueFiktionsbescheinigung(
  { caseId, formNumber, validUntil }: { caseId: string; formNumber: string; validUntil: string },
  ctx: Context,
): Promise<{ ok: true; id: string } | { ok: false; reason: IssueRefusal }> {
  const number = formNumber.trim().toUpperCase().replace(/[\s-]/g, '');
  const today = officeToday(Date.now());
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    // Asked before the form is checked: whoever may not work the case learns nothing about it.
    if (!(await allowedCase(tx, ctx, caseId, 'cases.work', { lock: true }))) return { ok: false, reason: 'unknown' };
    if (!/^[0-9A-Z]{4,20}$/.test(number)) return { ok: false, reason: 'badNumber' };
    if (!isDay(validUntil) || validUntil <= today || validUntil > addDays(today, MAX_MONTHS_DAYS))
      return { ok: false, reason: 'badValidity' };
    const { rows } = await tx.query<{ state: CaseState; continued_validity: boolean }>(
      'SELECT state, continued_validity FROM cases WHERE id = $1 FOR UPDATE',
      [caseId],
    );
    if (!rows[0]) return { ok: false, reason: 'unknown' };
    if (!OPEN.includes(rows[0].state)) return { ok: false, reason: 'notOpen' };
    const { rows: used } = await tx.query('SELECT 1 FROM fiktionsbescheinigungen WHERE form_number = $1', [number]);
    if (used[0]) return { ok: false, reason: 'numberUsed' };
    const { rows: inserted } = await tx.query<{ id: string }>(
      'INSERT INTO fiktionsbescheinigungen (authority_id, case_id, form_number, fiction, valid_until, issued_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [
        ctx.authorityId,
        caseId,
        number,
        rows[0].continued_validity ? '81_4' : '81_3',
        validUntil,
        ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      ],
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'case.fiktionsbescheinigung_issued',
      objectType: 'case',
      objectId: caseId,
      details: { formNumber: number },
    });
    return { ok: true, id: inserted[0]!.id };
  });
}
