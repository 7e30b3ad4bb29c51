import { staffById } from '../../identity/staff-store.js';
import type { Tx } from '../../platform/database/index.js';
import { staffTranslator } from '../../platform/i18n/staff-translator.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { applyAction } from '../case-store.js';

/**
 * After the applicant uploaded on their status page (in the caller's transaction): requests whose
 * documents have all arrived since they were made are fulfilled; when none is left open the case
 * goes back to review, is flagged for the caseworker, and the assigned caseworker gets an e-mail
 * (queued in the same transaction).
 */
export async function receiveRequestedDocuments(
  tx: Tx,
  { authorityId, caseId }: { authorityId: string; caseId: string },
): Promise<{ backToReview: boolean }> {
  await tx.query(
    `UPDATE document_requests r SET fulfilled_at = now()
      WHERE r.case_id = $1 AND r.fulfilled_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM unnest(r.document_slugs) AS wanted(slug)
                         WHERE NOT EXISTS (SELECT 1 FROM application_files f WHERE f.case_id = r.case_id AND f.document_slug = wanted.slug AND f.uploaded_at >= r.requested_at))`,
    [caseId],
  );
  await tx.query('UPDATE cases SET new_documents = true WHERE id = $1', [caseId]);
  const { rows: open } = await tx.query('SELECT 1 FROM document_requests WHERE case_id = $1 AND fulfilled_at IS NULL', [
    caseId,
  ]);
  if (open.length > 0) return { backToReview: false };
  const moved = await applyAction(tx, {
    authorityId,
    caseId,
    action: { type: 'documents_received' },
    actor: { kind: 'system', process: 'applicant upload' },
  });
  if (!moved.ok) return { backToReview: false };
  const { rows } = await tx.query<{ reference: string; assigned_to: string | null }>(
    'SELECT reference, assigned_to FROM cases WHERE id = $1',
    [caseId],
  );
  const reference = rows[0]?.reference ?? '';
  // The assigned caseworker's address and language come from identity, which owns the accounts.
  const staff = rows[0]?.assigned_to ? await staffById(tx, rows[0].assigned_to) : null;
  if (staff) {
    // In the language the caseworker chose for the staff area.
    const t = staffTranslator(staff.uiLocale);
    await enqueueMail(tx, authorityId, {
      to: staff.email,
      subject: t.t('mail.caseDocuments.subject', { reference }),
      text: t.t('mail.caseDocuments.body', { reference }),
    });
  }
  return { backToReview: true };
}
