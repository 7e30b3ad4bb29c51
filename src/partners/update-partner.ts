import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import type { SaveResult } from './create-partner.js';
import { mayManageDirectory } from './directory-access.js';
import type { PartnerInput } from './partner-form.js';
import { formRefusal, ORGANISATION_COLUMNS, organisationValues, writeDetails } from './partner-store.js';

/**
 * Saves a partner organisation as the form has it (its slug stays: links and anchors name it);
 * audited with the fields of the organisation that changed.
 */
export async function updatePartner(
  { id, input }: { id: string; input: PartnerInput },
  ctx: Context,
): Promise<SaveResult | { ok: false; reason: 'notFound' }> {
  if (!mayManageDirectory(ctx)) return { ok: false, reason: 'notAllowed' };
  if (!isUuid(id)) return { ok: false, reason: 'notFound' };
  try {
    return await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
      const before = await tx.query<Record<string, unknown>>(
        `SELECT ${ORGANISATION_COLUMNS.join(', ')} FROM partner_organisations WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const old = before.rows[0];
      if (!old) return { ok: false as const, reason: 'notFound' as const };
      const values = organisationValues(input);
      await tx.query(
        `UPDATE partner_organisations SET ${ORGANISATION_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...values],
      );
      await writeDetails(tx, ctx.authorityId, id, input);
      const changed = ORGANISATION_COLUMNS.filter((c, i) => JSON.stringify(old[c]) !== JSON.stringify(values[i]));
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'partner.updated',
        objectType: 'partner_organisation',
        objectId: id,
        details: { changed },
      });
      return { ok: true as const, id };
    });
  } catch (error) {
    if (formRefusal(error) === 'offerInUse')
      return { ok: false, errors: [{ field: 'offer.0.title.de', message: 'partners.error.offerInUse' }] };
    throw error;
  }
}
