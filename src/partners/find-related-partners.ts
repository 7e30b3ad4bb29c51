import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { partnersForServices, type RelatedPartner } from './directory.js';

/** The partners that help with each of the given services (the guide's results), in one read under the authority. */
export async function findRelatedPartners(
  { locale, serviceIds }: { locale: Locale; serviceIds: readonly string[] },
  ctx: Context,
): Promise<Map<string, RelatedPartner[]>> {
  return withTenant(ctx.pool, ctx.authorityId, (tx) => partnersForServices(tx, locale, serviceIds));
}
