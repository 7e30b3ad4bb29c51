import { listLocations, type Location } from '../authorities/list-locations.js';
import { walkInServices, type WalkInService } from '../catalog/walk-in-services.js';
import type { Context } from '../platform/context.js';
import { tokenHash } from '../platform/crypto.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

export interface KioskDevice {
  readonly id: string;
  readonly location: Location;
}

/** The location by slug, and whether this browser is an enrolled kiosk there (by the token in its cookie). */
export async function kioskOf(
  tx: Tx,
  { locationSlug, token, locale }: { locationSlug: string; token: string | undefined; locale: Locale },
): Promise<{ location: Location | null; device: KioskDevice | null }> {
  const location = (await listLocations(tx, locale)).find((l) => l.slug === locationSlug) ?? null;
  if (!location || !token || token.length > 100) return { location, device: null };
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM kiosk_devices WHERE token_hash = $1 AND location_id = $2 AND revoked_at IS NULL',
    [tokenHash(token), location.id],
  );
  return { location, device: rows[0] ? { id: rows[0].id, location } : null };
}

export interface KioskMenu {
  readonly location: Location;
  /** Null: this browser is not the location's kiosk (the page explains who sets it up). */
  readonly deviceId: string | null;
  readonly walkIn: readonly WalkInService[];
  readonly emergency: readonly WalkInService[];
}

/** What the kiosk offers at a location: matters open for walk-in, and those open for emergencies. */
export async function kioskMenu(
  { locationSlug, token, locale }: { locationSlug: string; token: string | undefined; locale: Locale },
  ctx: Context,
): Promise<KioskMenu | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { location, device } = await kioskOf(tx, { locationSlug, token, locale });
    if (!location) return null;
    const services = await walkInServices(tx, locale, location.id);
    return {
      location,
      deviceId: device?.id ?? null,
      walkIn: services.filter((s) => s.walkIn),
      emergency: services.filter((s) => s.emergency),
    };
  });
}
