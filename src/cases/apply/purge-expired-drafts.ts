import type { Tx } from '../../platform/database/index.js';

/**
 * Retention: drafts past their expiry (30 days after the last save, `expires_at`) are deleted with
 * the files uploaded to them. A submitted draft keeps only its link to the case, which then has the
 * files; it goes at the same time. Runs in the caller's transaction, scoped to one authority.
 */
export async function purgeExpiredDrafts(tx: Tx, now: Date): Promise<{ drafts: number; files: number }> {
  const files = await tx.query(
    'DELETE FROM application_files f USING application_drafts d WHERE f.draft_id = d.id AND d.expires_at <= $1',
    [now],
  );
  const drafts = await tx.query('DELETE FROM application_drafts WHERE expires_at <= $1', [now]);
  return { drafts: drafts.rowCount ?? 0, files: files.rowCount ?? 0 };
}
