import { applicationFacts } from '../../catalog/application-facts.js';
import { receiveRequestedDocuments } from './receive-documents.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { CaseDeps } from '../cases-deps.js';
import { birthDateAccepted, caseFilter, type AccessRefusal, type CaseAccess } from '../status/case-access.js';
import { filesOfCase } from './case-files.js';
import { checkFiles, storeFiles, type FileRefusal, type IncomingFile } from '../apply/save-application.js';

export type UploadResult =
  | { readonly ok: true; readonly stored: number; readonly refused: readonly FileRefusal[] }
  | { readonly ok: false; readonly reason: AccessRefusal | 'nothingRequested' };

/**
 * The applicant answers a request for documents from the status page (either way in, case-access.ts):
 * the files are checked and sealed like at the application; once every requested document is
 * there, the case goes back to review and the caseworker hears of it.
 */
export async function uploadRequestedDocuments(
  { access, files, locale }: { access: CaseAccess; files: readonly IncomingFile[]; locale: Locale },
  ctx: Context,
  deps: CaseDeps,
): Promise<UploadResult> {
  const verdicts = await checkFiles(files);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const filter = await caseFilter(tx, access);
    if (!filter.ok) return filter;
    const { rows } = await tx.query<{ id: string; birth_date: string; service_id: string }>(
      `SELECT c.id, c.birth_date, c.service_id FROM cases c WHERE ${filter.where} FOR UPDATE`,
      [...filter.values],
    );
    const found = rows[0];
    if (!found) return { ok: false, reason: 'unknown' };
    if (!birthDateAccepted(access, found.birth_date)) return { ok: false, reason: 'wrongBirthDate' };
    const { rows: open } = await tx.query<{ id: string }>(
      'SELECT id FROM document_requests WHERE case_id = $1 AND fulfilled_at IS NULL ORDER BY requested_at LIMIT 1',
      [found.id],
    );
    if (!open[0]) return { ok: false, reason: 'nothingRequested' };
    const service = await applicationFacts(tx, locale, { id: found.service_id });
    if (!service) return { ok: false, reason: 'unknown' };
    const existing = (await filesOfCase(tx, found.id)).map((f) => ({ ...f }));
    const refused = await storeFiles(
      tx,
      { authorityId: ctx.authorityId, draftId: null, caseId: found.id, requestId: open[0].id },
      { service, files: existing },
      { files, verdicts },
      deps.vault,
      null, // not anonymous: the case's link or sign-in, and at most five files per requested document
    );
    const stored = files.length - refused.length;
    if (stored > 0) await receiveRequestedDocuments(tx, { authorityId: ctx.authorityId, caseId: found.id });
    return { ok: true, stored, refused };
  });
}
