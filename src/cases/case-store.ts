import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import {
  initialCase,
  transition,
  type CaseAction,
  type CaseRecord,
  type CaseState,
  type RefusalReason,
} from './case-state.js';

export interface NewCase {
  readonly authorityId: string;
  readonly reference: string;
  readonly serviceId: string;
  readonly locale: Locale;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly email: string;
  readonly permitExpiresOn: string | null;
  readonly answers: unknown;
  readonly continuedValidity: boolean;
  readonly expectedDecisionOn: string;
  readonly statusTokenHash: Buffer;
}

/** A new case in state "received", with its first history entry; the caller owns the transaction. */
export async function createCase(tx: Tx, input: NewCase): Promise<{ id: string; receivedAt: Date }> {
  const { rows } = await tx.query<{ id: string; received_at: Date }>(
    `INSERT INTO cases (authority_id, reference, service_id, locale, first_name, last_name, birth_date, email, permit_expires_on, answers,
                        state, record, continued_validity, expected_decision_on, status_token_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', $11, $12, $13, $14) RETURNING id, received_at`,
    [
      input.authorityId,
      input.reference,
      input.serviceId,
      input.locale,
      input.firstName,
      input.lastName,
      input.birthDate,
      input.email,
      input.permitExpiresOn,
      input.answers,
      initialCase(),
      input.continuedValidity,
      input.expectedDecisionOn,
      input.statusTokenHash,
    ],
  );
  const { id, received_at: receivedAt } = rows[0]!;
  await tx.query(
    `INSERT INTO case_history (authority_id, case_id, state, action) VALUES ($1, $2, 'received', 'submitted')`,
    [input.authorityId, id],
  );
  return { id, receivedAt };
}

/** The case's state machine record, locked for a change. */
export async function lockRecord(tx: Tx, caseId: string): Promise<CaseRecord | null> {
  const { rows } = await tx.query<{ state: CaseState; record: Partial<CaseRecord> }>(
    'SELECT state, record FROM cases WHERE id = $1 FOR UPDATE',
    [caseId],
  );
  const row = rows[0];
  return row ? { ...initialCase(), ...row.record, state: row.state } : null;
}

/**
 * The one way a case changes state: transition() decides, this stores the new record and state,
 * the history entry (what the status page shows) and the audit event, in the caller's transaction.
 */
export async function applyAction(
  tx: Tx,
  { authorityId, caseId, action, actor }: { authorityId: string; caseId: string; action: CaseAction; actor: Actor },
): Promise<{ ok: true; state: CaseState } | { ok: false; reason: RefusalReason | 'unknown' }> {
  const record = await lockRecord(tx, caseId);
  if (!record) return { ok: false, reason: 'unknown' };
  const result = transition(record, action);
  if (!result.ok) return result;
  await tx.query('UPDATE cases SET state = $2, record = $3 WHERE id = $1', [
    caseId,
    result.record.state,
    result.record,
  ]);
  await tx.query(
    'INSERT INTO case_history (authority_id, case_id, state, action, staff_user_id) VALUES ($1, $2, $3, $4, $5)',
    [authorityId, caseId, result.record.state, action.type, actor.kind === 'staff' ? actor.userId : null],
  );
  await recordAudit(tx, authorityId, actor, { action: result.event, objectType: 'case', objectId: caseId });
  return { ok: true, state: result.record.state };
}
