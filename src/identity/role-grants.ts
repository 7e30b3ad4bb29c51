import { listLocations } from '../authorities/list-locations.js';
import { existingServiceIds } from '../catalog/list-services.js';
import type { RoleGrant } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import { isRole, type Role } from '../platform/access/roles.js';
import { partnerOrganisations } from '../partners/referral-targets.js';

/**
 * Grants from the form: each chosen role, limited to the chosen locations and services of this
 * authority (none chosen: all). Unknown ids, or another authority's, are dropped. A partner's grant
 * is bound to the chosen partner organisation (an unknown one binds it to none: it reaches nothing).
 */
export async function grantsFor(
  tx: Tx,
  roles: readonly string[],
  locationIds: readonly string[],
  serviceIds: readonly string[],
  partnerId = '',
): Promise<RoleGrant[]> {
  const uuids = locationIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const locations = uuids.length > 0 ? (await listLocations(tx, 'de', uuids)).map((l) => l.id) : [];
  const services = await existingServiceIds(tx, serviceIds);
  const partner = partnerId ? (await partnerOrganisations(tx)).find((p) => p.id === partnerId) : undefined;
  return roles.filter(isRole).map((role: Role) => ({
    role,
    locationIds: locations.length > 0 ? locations : null,
    serviceIds: services.length > 0 ? services : null,
    ...(role === 'partner' ? { partnerId: partner?.id ?? null } : {}),
  }));
}
