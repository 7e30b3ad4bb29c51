import path from 'node:path';
import type pg from 'pg';
import { seedAuthority, seedLocations } from './authorities/seed-authority.js';
import { seedCounters, seedDraws } from './appointments/seed-appointments.js';
import { seedCatalog } from './catalog/seed-catalog.js';
import { seedQuestionnaire } from './feedback/seed-questionnaire.js';
import { seedTrainingCourses } from './competences/seed-trainings.js';
import { allServiceNames } from './catalog/service-names.js';
import { seedStaff } from './identity/seed-staff.js';
import { seedPartners } from './partners/seed-partners.js';
import { SEEDS_DIR } from './platform/seed-files.js';
import { seedToolkit } from './toolkit/seed-toolkit.js';

/** Loads a seed folder (default: the demo office) in one transaction, as the database owner. */
export async function loadSeeds(
  owner: pg.Pool,
  folder = path.join(SEEDS_DIR, 'demo'),
  options: { sealSeed?: (seed: string) => string } = {},
): Promise<{ authorityId: string; services: number; counters: number; staffIds: string[] }> {
  const tx = await owner.connect();
  try {
    await tx.query('BEGIN');
    const authorityId = await seedAuthority(tx, folder);
    // Tenant rows are written under the authority's own scope, so row-level security checks them too.
    await tx.query("SELECT set_config('app.authority_id', $1, true)", [authorityId]);
    const locationIds = await seedLocations(tx, folder, authorityId);
    const services = await seedCatalog(tx, folder, authorityId, locationIds);
    const staffIds = await seedStaff(tx, folder, authorityId);
    const counters = await seedCounters(tx, folder, authorityId, locationIds, staffIds);
    await seedQuestionnaire(tx, folder, authorityId);
    await seedTrainingCourses(tx, folder, authorityId);
    const serviceIds = new Map((await allServiceNames(tx, 'de')).map((s) => [s.slug, s.id]));
    await seedPartners(tx, folder, authorityId, serviceIds);
    await seedToolkit(tx, folder, authorityId);
    // Draw rounds need the installation key (their seed is sealed until the draw).
    if (options.sealSeed) await seedDraws(tx, folder, authorityId, locationIds, options.sealSeed);
    await tx.query('COMMIT');
    return { authorityId, services, counters, staffIds: [...staffIds.values()] };
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
