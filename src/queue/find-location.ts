import { listLocations, type Location } from '../authorities/list-locations.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** A location of the authority by its slug (the display's address), or null. */
export async function findLocation(
  { slug, locale }: { slug: string; locale: Locale },
  ctx: Context,
): Promise<Location | null> {
  return withTenant(
    ctx.pool,
    ctx.authorityId,
    async (tx) => (await listLocations(tx, locale)).find((l) => l.slug === slug) ?? null,
  );
}
