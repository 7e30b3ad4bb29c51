import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { mayManageDirectory } from './directory-access.js';
import type { FormError, PartnerInput } from './partner-form.js';
import { formRefusal, ORGANISATION_COLUMNS, organisationValues, writeDetails } from './partner-store.js';

export type SaveResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'notAllowed' }
  | { ok: false; errors: FormError[] };

/** Adds a partner organisation to the directory, with its texts, offers and services; audited. */
export async function createPartner({ input }: { input: PartnerInput }, ctx: Context): Promise<SaveResult> {
  if (!mayManageDirectory(ctx)) return { ok: false, reason: 'notAllowed' };
  try {
    return await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
      const placeholders = ORGANISATION_COLUMNS.map((_, i) => `$${i + 3}`).join(', ');
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO partner_organisations (authority_id, slug, ${ORGANISATION_COLUMNS.join(', ')})
         VALUES ($1, $2, ${placeholders}) RETURNING id`,
        [ctx.authorityId, input.slug, ...organisationValues(input)],
      );
      const id = rows[0]!.id;
      await writeDetails(tx, ctx.authorityId, id, input);
      await recordAudit(tx, ctx.authorityId, ctx.actor, {
        action: 'partner.created',
        objectType: 'partner_organisation',
        objectId: id,
        details: { slug: input.slug, kind: input.kind },
      });
      return { ok: true as const, id };
    });
  } catch (error) {
    if (formRefusal(error) === 'slugTaken')
      return { ok: false, errors: [{ field: 'slug', message: 'partners.error.slugTaken' }] };
    throw error;
  }
}
