import path from 'node:path';
import type pg from 'pg';
import { seedAuthority, seedLocations } from '../authorities/seed-authority.js';
import { seedCatalog } from '../catalog/seed-catalog.js';
import { SEEDS_DIR } from './seed-files.js';

/** Loads a seed folder (default: the demo office) in one transaction, as the database owner. */
export async function loadSeeds(owner: pg.Pool, folder = path.join(SEEDS_DIR, 'demo')): Promise<{ authorityId: string; services: number }> {
  const tx = await owner.connect();
  try {
    await tx.query('BEGIN');
    const authorityId = await seedAuthority(tx, folder);
    // Tenant rows are written under the authority's own scope, so row-level security checks them too.
    await tx.query("SELECT set_config('app.authority_id', $1, true)", [authorityId]);
    const locationIds = await seedLocations(tx, folder, authorityId);
    const services = await seedCatalog(tx, folder, authorityId, locationIds);
    await tx.query('COMMIT');
    return { authorityId, services };
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
