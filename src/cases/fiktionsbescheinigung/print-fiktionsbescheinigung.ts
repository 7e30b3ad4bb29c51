import { applicationFacts } from '../../catalog/application-facts.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { fiktionsbescheinigungPdf } from './fiktionsbescheinigung-document.js';
import { isUuid } from '../../platform/ids.js';
import { allowedCase } from '../case-policy.js';

/**
 * The prefilled data sheet of an issued Fiktionsbescheinigung, as PDF, for staff who may view the
 * case; each print is audited. The PDF is rendered after the commit: no transaction waits for it.
 */
export async function printFiktionsbescheinigung(
  { caseId, id, authorityName }: { caseId: string; id: string; authorityName: string },
  ctx: Context,
): Promise<{ pdf: Uint8Array; formNumber: string } | null> {
  if (!isUuid(caseId) || !isUuid(id)) return null;
  const sheet = await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    if (!(await allowedCase(tx, ctx, caseId, 'cases.view'))) return null;
    const { rows } = await tx.query<{
      form_number: string;
      fiction: '81_3' | '81_4';
      valid_until: string;
      issued_at: Date;
      first_name: string;
      last_name: string;
      birth_date: string;
      reference: string;
      service_id: string;
      received_at: Date;
      permit_expires_on: string | null;
    }>(
      `SELECT f.form_number, f.fiction, f.valid_until, f.issued_at, c.first_name, c.last_name, c.birth_date, c.reference, c.service_id, c.received_at, c.permit_expires_on
         FROM fiktionsbescheinigungen f JOIN cases c ON c.id = f.case_id WHERE f.id = $1 AND f.case_id = $2`,
      [id, caseId],
    );
    const row = rows[0];
    if (!row) return null;
    const service = await applicationFacts(tx, 'de', { id: row.service_id });
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'case.fiktionsbescheinigung_printed',
      objectType: 'case',
      objectId: caseId,
      details: { formNumber: row.form_number },
    });
    return {
      authorityName,
      formNumber: row.form_number,
      fiction: row.fiction,
      name: `${row.last_name}, ${row.first_name}`,
      birthDate: row.birth_date,
      reference: row.reference,
      serviceName: service?.nameDe ?? '',
      receivedAt: row.received_at,
      permitExpiresOn: row.permit_expires_on,
      validUntil: row.valid_until,
      issuedAt: row.issued_at,
    };
  });
  return sheet ? { pdf: await fiktionsbescheinigungPdf(sheet), formNumber: sheet.formNumber } : null;
}
