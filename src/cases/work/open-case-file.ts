import type { DocumentVault } from '../documents/document-vault.js';
import { readCaseFile } from '../documents/case-files.js';
import { allowedCase } from '../case-policy.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isUuid } from '../../platform/ids.js';

/**
 * A caseworker views one uploaded file in the browser, if the policy lets them view the case
 * (`cases.view`); each view is written to the audit trail.
 */
export async function openCaseFile(
  { caseId, fileId }: { caseId: string; fileId: string },
  ctx: Context,
  vault: DocumentVault,
) {
  if (!isUuid(caseId) || !isUuid(fileId)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    if (!(await allowedCase(tx, ctx, caseId, 'cases.view'))) return null;
    const found = await readCaseFile(tx, vault, caseId, fileId);
    if (found)
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'case.document_viewed',
        objectType: 'case',
        objectId: caseId,
        details: { fileId },
      });
    return found;
  });
}
