import { labelledAnswers, type LabelledAnswer } from '../apply/application-questions.js';
import { filesOfCase, type CaseFile } from '../documents/case-files.js';
import { recordAudit } from '../../audit/record-audit.js';
import { applicationFacts, type ApplicationFacts } from '../../catalog/application-facts.js';
import { staffNames } from '../../identity/staff-names.js';
import { can } from '../../platform/access/policies.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { StaffLocale } from '../../platform/i18n/catalogues.js';
import { allowedActions, initialCase, type CaseActionType, type CaseRecord, type CaseState } from '../case-state.js';
import { actorRef, allowedCase } from '../case-policy.js';

export interface CaseView {
  readonly id: string;
  readonly reference: string;
  readonly service: ApplicationFacts;
  readonly state: CaseState;
  readonly record: CaseRecord;
  readonly applicant: {
    firstName: string;
    lastName: string;
    birthDate: string;
    email: string;
    locale: string;
    permitExpiresOn: string | null;
  };
  /** The answers to the service's questions, labelled in the reader's language. */
  readonly answers: readonly LabelledAnswer[];
  readonly receivedAt: Date;
  readonly expectedDecisionOn: string;
  readonly continuedValidity: boolean;
  readonly assignedTo: { id: string; name: string } | null;
  readonly files: readonly CaseFile[];
  readonly history: readonly { at: Date; state: CaseState; action: string; by: string | null }[];
  readonly notes: readonly { at: Date; body: string; by: string | null }[];
  readonly openRequests: readonly { id: string; documents: string[]; template: string; dueOn: string }[];
  readonly fiktionsbescheinigungen: readonly {
    id: string;
    formNumber: string;
    fiction: string;
    validUntil: string;
    issuedAt: Date;
  }[];
  /** Whether the policy lets this member of staff work the case (take it, note, request, certify, act). */
  readonly mayWork: boolean;
  /** What this member of staff can do now (the policy and the state machine decide; the buttons follow). */
  readonly actions: readonly CaseActionType[];
}

/**
 * Opens a case for staff the policy lets view it (`cases.view`), in their language (German or
 * English); the look itself is written to the audit trail. Null for no case and for a refusal alike.
 */
export async function openCase(
  { caseId, locale = 'de' }: { caseId: string; locale?: StaffLocale },
  ctx: Context,
): Promise<CaseView | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const allowed = await allowedCase(tx, ctx, caseId, 'cases.view');
    if (!allowed) return null;
    const { rows } = await tx.query<{
      id: string;
      reference: string;
      service_id: string;
      state: CaseState;
      record: Partial<CaseRecord>;
      first_name: string;
      last_name: string;
      birth_date: string;
      email: string;
      locale: string;
      permit_expires_on: string | null;
      received_at: Date;
      expected_decision_on: string;
      continued_validity: boolean;
      assigned_to: string | null;
      answers: { questions?: unknown } | null;
    }>('SELECT c.* FROM cases c WHERE c.id = $1', [caseId]);
    const row = rows[0];
    if (!row) return null;
    const service = await applicationFacts(tx, locale, { id: row.service_id });
    if (!service) return null;
    const { rows: history } = await tx.query<{
      at: Date;
      state: CaseState;
      action: string;
      staff_user_id: string | null;
    }>('SELECT h.at, h.state, h.action, h.staff_user_id FROM case_history h WHERE h.case_id = $1 ORDER BY h.id', [
      caseId,
    ]);
    const { rows: notes } = await tx.query<{ at: Date; body: string; staff_user_id: string | null }>(
      'SELECT n.created_at AS at, n.body, n.staff_user_id FROM case_notes n WHERE n.case_id = $1 ORDER BY n.id',
      [caseId],
    );
    // Who assigned, acted and wrote: one query for all their names (identity owns them).
    const names = await staffNames(tx, [
      row.assigned_to,
      ...history.map((h) => h.staff_user_id),
      ...notes.map((n) => n.staff_user_id),
    ]);
    const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
    const { rows: requests } = await tx.query<{
      id: string;
      document_slugs: string[];
      template: string;
      due_on: string;
    }>(
      'SELECT id, document_slugs, template, due_on FROM document_requests WHERE case_id = $1 AND fulfilled_at IS NULL ORDER BY requested_at',
      [caseId],
    );
    const { rows: certificates } = await tx.query<{
      id: string;
      form_number: string;
      fiction: string;
      valid_until: string;
      issued_at: Date;
    }>(
      'SELECT id, form_number, fiction, valid_until, issued_at FROM fiktionsbescheinigungen WHERE case_id = $1 ORDER BY issued_at',
      [caseId],
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, { action: 'case.viewed', objectType: 'case', objectId: caseId });
    const record: CaseRecord = { ...initialCase(), ...row.record, state: row.state };
    const mayWork = ctx.actor.kind === 'staff' && can(ctx.actor, 'cases.work', allowed.target);
    const by = mayWork ? actorRef(ctx.actor, allowed.target) : null;
    return {
      id: row.id,
      reference: row.reference,
      service,
      state: row.state,
      record,
      applicant: {
        firstName: row.first_name,
        lastName: row.last_name,
        birthDate: row.birth_date,
        email: row.email,
        locale: row.locale,
        permitExpiresOn: row.permit_expires_on,
      },
      answers: labelledAnswers(service.questions, row.answers?.questions),
      receivedAt: row.received_at,
      expectedDecisionOn: row.expected_decision_on,
      continuedValidity: row.continued_validity,
      assignedTo: row.assigned_to ? { id: row.assigned_to, name: nameOf(row.assigned_to) ?? '' } : null,
      files: await filesOfCase(tx, caseId),
      history: history.map((h) => ({ at: h.at, state: h.state, action: h.action, by: nameOf(h.staff_user_id) })),
      notes: notes.map((n) => ({ at: n.at, body: n.body, by: nameOf(n.staff_user_id) })),
      openRequests: requests.map((r) => ({
        id: r.id,
        documents: r.document_slugs,
        template: r.template,
        dueOn: r.due_on,
      })),
      mayWork,
      actions: by ? allowedActions(record, by) : [],
      fiktionsbescheinigungen: certificates.map((c) => ({
        id: c.id,
        formNumber: c.form_number,
        fiction: c.fiction,
        validUntil: c.valid_until,
        issuedAt: c.issued_at,
      })),
    };
  });
}
