import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { activePartners, type PartnerEntry } from './directory.js';
import type { PartnerKind } from './partner-kinds.js';

/** The help page's directory (`/{locale}/help`): every active partner, or those of some kinds, in one language. */
export async function listHelpNearby(
  { locale, kinds }: { locale: Locale; kinds?: readonly PartnerKind[] },
  ctx: Context,
): Promise<PartnerEntry[]> {
  return withTenant(ctx.pool, ctx.authorityId, (tx) => activePartners(tx, locale, kinds));
}
