import path from 'node:path';
import { LOCALES } from '../platform/i18n/locales.js';
import type { Tx } from '../platform/database/index.js';
import { readSeedFile } from '../platform/seed-files.js';
import { AuthoritySeed, LocationSeeds } from './seed-schema.js';

/**
 * Upserts the authority and its locations from a seed folder (`authority.json`, `locations.json`).
 * Runs as the owner; returns the authority id, after which the caller scopes the transaction to it.
 */
export async function seedAuthority(tx: Tx, folder: string): Promise<string> {
  const authority = await readSeedFile(path.join(folder, 'authority.json'), AuthoritySeed);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO authorities (slug, state_code, email, phone, website) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (slug) DO UPDATE SET state_code = excluded.state_code, email = excluded.email,
       phone = excluded.phone, website = excluded.website
     RETURNING id`,
    [authority.slug, authority.stateCode, authority.email, authority.phone, authority.website ?? null],
  );
  const authorityId = rows[0]!.id;
  for (const locale of LOCALES) {
    const text = authority.texts[locale];
    await tx.query(
      `INSERT INTO authority_texts (authority_id, locale, name, tagline) VALUES ($1, $2, $3, $4)
       ON CONFLICT (authority_id, locale) DO UPDATE SET name = excluded.name, tagline = excluded.tagline`,
      [authorityId, locale, text.name, text.tagline],
    );
  }
  return authorityId;
}

/** Upserts locations with their texts and opening hours; the transaction must be scoped to the authority. */
export async function seedLocations(tx: Tx, folder: string, authorityId: string): Promise<Map<string, string>> {
  const locations = await readSeedFile(path.join(folder, 'locations.json'), LocationSeeds);
  const ids = new Map<string, string>();
  for (const location of locations) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO locations (authority_id, slug, name, street, postal_code, city, phone, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (authority_id, slug) DO UPDATE SET name = excluded.name, street = excluded.street,
         postal_code = excluded.postal_code, city = excluded.city, phone = excluded.phone, email = excluded.email
       RETURNING id`,
      [
        authorityId,
        location.slug,
        location.name,
        location.street,
        location.postalCode,
        location.city,
        location.phone,
        location.email,
      ],
    );
    const locationId = rows[0]!.id;
    ids.set(location.slug, locationId);
    for (const locale of LOCALES) {
      await tx.query(
        `INSERT INTO location_texts (location_id, authority_id, locale, access) VALUES ($1, $2, $3, $4)
         ON CONFLICT (location_id, locale) DO UPDATE SET access = excluded.access`,
        [locationId, authorityId, locale, location.texts[locale].access],
      );
    }
    // Opening hours are replaced as a whole: the seed file is the truth for them.
    await tx.query('DELETE FROM opening_hours WHERE location_id = $1', [locationId]);
    for (const hours of location.openingHours) {
      await tx.query(
        'INSERT INTO opening_hours (location_id, authority_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5)',
        [locationId, authorityId, hours.weekday, hours.opens, hours.closes],
      );
    }
  }
  return ids;
}
