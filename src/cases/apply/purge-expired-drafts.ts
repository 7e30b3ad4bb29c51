import { officeToday } from '../../platform/clock/office-time.js';
import type { Tx } from '../../platform/database/index.js';
import { purgeOldUsage } from './upload-quota.js';

/**
 * Retention: drafts past their expiry (DRAFT_EXPIRY_DAYS after the last save, `expires_at`) are
 * deleted with the files uploaded to them. A submitted draft keeps only its link to the case, which
 * then has the files; it goes at the same time. The quota counts of days before yesterday go too
 * (they hold no address, only its keyed hash, but are of no further use). Runs in the caller's
 * transaction, scoped to one authority.
 */
export async function purgeExpiredDrafts(tx: Tx, now: Date): Promise<{ drafts: number; files: number }> {
  const files = await tx.query(
    'DELETE FROM application_files f USING application_drafts d WHERE f.draft_id = d.id AND d.expires_at <= $1',
    [now],
  );
  const drafts = await tx.query('DELETE FROM application_drafts WHERE expires_at <= $1', [now]);
  await purgeOldUsage(tx, officeToday(now.getTime()));
  return { drafts: drafts.rowCount ?? 0, files: files.rowCount ?? 0 };
}
