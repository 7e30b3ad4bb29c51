import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** A matter a person can come for without an appointment, as the queue sees it. */
export interface WalkInService {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** Usual length of the matter at the counter: the waiting estimate until real times are known. */
  readonly durationMinutes: number;
  /** Open to everyone without an appointment. */
  readonly walkIn: boolean;
  /** Open without an appointment only to people whose permit is about to expire (an emergency ticket). */
  readonly emergency: boolean;
}

/** The services of a location open for walk-in or emergencies (or all of the location's, for counters and transfers). */
export async function walkInServices(
  tx: Tx,
  locale: Locale,
  locationId: string,
  options: { all?: boolean } = {},
): Promise<WalkInService[]> {
  const { rows } = await tx.query<{
    id: string;
    slug: string;
    name: string;
    appointment_minutes: number;
    walk_in: boolean;
    emergency_walk_in: boolean;
  }>({
    name: 'walk-in-services',
    text: `SELECT s.id, s.slug, coalesce(t.name, d.name) AS name, s.appointment_minutes, s.walk_in, s.emergency_walk_in
             FROM services s
             JOIN service_locations sl ON sl.service_id = s.id AND sl.location_id = $2
             LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
             JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
            WHERE $3 OR s.walk_in OR s.emergency_walk_in
            ORDER BY s.position`,
    values: [locale, locationId, options.all ?? false],
  });
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    durationMinutes: r.appointment_minutes,
    walkIn: r.walk_in,
    emergency: r.emergency_walk_in,
  }));
}
