import { listLocations } from '../authorities/list-locations.js';
import { existingServiceIds } from '../catalog/list-services.js';
import type { RoleGrant } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import { isRole, type Role } from '../platform/access/roles.js';

/**
 * Grants from the form: each chosen role, limited to the chosen locations and services of this
 * authority (none chosen: all). Unknown ids, or another authority's, are dropped.
 */
export async function grantsFor(
  tx: Tx,
  roles: readonly string[],
  locationIds: readonly string[],
  serviceIds: readonly string[],
): Promise<RoleGrant[]> {
  const uuids = locationIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const locations = uuids.length > 0 ? (await listLocations(tx, 'de', uuids)).map((l) => l.id) : [];
  const services = await existingServiceIds(tx, serviceIds);
  return roles.filter(isRole).map((role: Role) => ({
    role,
    locationIds: locations.length > 0 ? locations : null,
    serviceIds: services.length > 0 ? services : null,
  }));
}
