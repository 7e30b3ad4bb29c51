import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** The names of services by id, in one language (else German): one query for all ids, in the caller's tenant transaction. */
export async function serviceNames(
  tx: Tx,
  locale: Locale,
  serviceIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(serviceIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: string }>(
    `SELECT s.id, coalesce(t.name, d.name) AS name
       FROM services s
       LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
       JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
      WHERE s.id = ANY($2::uuid[])`,
    [locale, ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The services open for online application, in catalogue order, with their names in one language (else German). */
export async function applicationServiceNames(
  tx: Tx,
  locale: Locale,
): Promise<{ id: string; slug: string; name: string }[]> {
  const { rows } = await tx.query<{ id: string; slug: string; name: string }>(
    `SELECT s.id, s.slug, coalesce(t.name, d.name) AS name
       FROM services s
       LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
       JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
      WHERE s.online_application ORDER BY s.position`,
    [locale],
  );
  return rows;
}

/**
 * Every service of the authority in catalogue order, with its slug and name in one language (else
 * German): for pickers, and for the partner directory (its seed links by slug, its form by id).
 */
export async function allServiceNames(tx: Tx, locale: Locale): Promise<{ id: string; slug: string; name: string }[]> {
  const { rows } = await tx.query<{ id: string; slug: string; name: string }>(
    `SELECT s.id, s.slug, coalesce(t.name, d.name) AS name
       FROM services s
       LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
       JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
      ORDER BY s.position, s.slug`,
    [locale],
  );
  return rows;
}
