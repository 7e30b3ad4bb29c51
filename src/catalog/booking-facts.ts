import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { isUuid } from '../platform/ids.js';

/** What booking an appointment needs to know of a service, with its texts in one language. */
export interface BookingFacts {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly durationMinutes: number;
  /** 'draw': requests are collected and slots drawn, not booked first come, first served. */
  readonly allocation: 'first_come' | 'draw';
  readonly documents: readonly string[];
  readonly locationIds: readonly string[];
}

/** One service by slug or id for the appointment capability; tenant-scoped transaction. */
export async function bookingFacts(
  tx: Tx,
  locale: Locale,
  by: { slug: string } | { id: string },
): Promise<BookingFacts | null> {
  if ('id' in by && !isUuid(by.id)) return null;
  const { rows } = await tx.query<{
    id: string;
    slug: string;
    name: string;
    appointment_minutes: number;
    allocation: 'first_come' | 'draw';
    documents: string[] | null;
    location_ids: string[] | null;
  }>({
    name: 'service-booking-facts',
    text: `SELECT s.id, s.slug, coalesce(t.name, d.name) AS name, s.appointment_minutes, s.allocation,
              (SELECT array_agg(coalesce(dt.name, dd.name) ORDER BY sd.position)
                 FROM service_documents sd
                 LEFT JOIN document_texts dt ON dt.document_id = sd.document_id AND dt.locale = $1
                 JOIN document_texts dd ON dd.document_id = sd.document_id AND dd.locale = 'de'
                WHERE sd.service_id = s.id) AS documents,
              (SELECT array_agg(sl.location_id) FROM service_locations sl WHERE sl.service_id = s.id) AS location_ids
         FROM services s
         LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
         JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
        WHERE ($2::uuid IS NOT NULL AND s.id = $2::uuid) OR ($2::uuid IS NULL AND s.slug = $3)`,
    values: [locale, 'id' in by ? by.id : null, 'slug' in by ? by.slug : null],
  });
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    durationMinutes: row.appointment_minutes,
    allocation: row.allocation,
    documents: row.documents ?? [],
    locationIds: row.location_ids ?? [],
  };
}

/** The services offered at a location (id and slug), for seeding counters. */
export async function servicesAt(tx: Tx, locationId: string): Promise<{ id: string; slug: string }[]> {
  const { rows } = await tx.query<{ id: string; slug: string }>(
    'SELECT s.id, s.slug FROM services s JOIN service_locations sl ON sl.service_id = s.id WHERE sl.location_id = $1 ORDER BY s.position',
    [locationId],
  );
  return rows;
}
