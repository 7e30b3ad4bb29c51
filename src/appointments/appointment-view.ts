import { listLocations, type Location } from '../authorities/list-locations.js';
import { bookingFacts, type BookingFacts } from '../catalog/booking-facts.js';
import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import type { Channel } from './booking/slots.js';

export type AppointmentStatus =
  | 'held'
  | 'unconfirmed'
  | 'offered'
  | 'booked'
  | 'arrived'
  | 'served'
  | 'no_show'
  | 'cancelled'
  | 'expired';

/** An appointment with what a person or a caseworker needs to see of it, texts in one language. */
export interface AppointmentView {
  readonly id: string;
  readonly reference: string;
  readonly status: AppointmentStatus;
  readonly channel: Channel;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly service: BookingFacts;
  readonly location: Location;
  readonly counterId: string;
  readonly counterLabel: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly birthDate: string | null;
  readonly email: string | null;
  readonly locale: Locale | null;
  readonly permitExpiresOn: string | null;
  readonly checkInCode: string | null;
  readonly releasesAt: Date | null;
}

interface Row {
  id: string;
  reference: string;
  status: AppointmentStatus;
  channel: Channel;
  starts_at: Date;
  ends_at: Date;
  service_id: string;
  location_id: string;
  counter_id: string;
  counter_label: string;
  first_name: string | null;
  last_name: string | null;
  birth_date: string | null;
  email: string | null;
  locale: Locale | null;
  permit_expires_on: string | null;
  check_in_code: string | null;
  releases_at: Date | null;
}

const COLUMNS = `a.id, a.reference, a.status, a.channel, a.starts_at, a.ends_at, a.service_id, a.location_id, a.counter_id,
  c.label AS counter_label, a.first_name, a.last_name, a.birth_date, a.email, a.locale, a.permit_expires_on, a.check_in_code, a.releases_at`;

/** One appointment found by a condition on `a` (its id, or the hash of its management link). */
export async function appointmentView(
  tx: Tx,
  where: { id: string } | { manageTokenHash: Buffer },
  locale: Locale,
): Promise<AppointmentView | null> {
  const [condition, value] =
    'id' in where ? ['a.id = $1', where.id] : ['a.manage_token_hash = $1', where.manageTokenHash];
  const { rows } = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM appointments a JOIN counters c ON c.id = a.counter_id WHERE ${condition}`,
    [value],
  );
  const row = rows[0];
  if (!row) return null;
  const service = await bookingFacts(tx, locale, { id: row.service_id });
  const [location] = await listLocations(tx, locale, [row.location_id]);
  if (!service || !location) return null;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    channel: row.channel,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    service,
    location,
    counterId: row.counter_id,
    counterLabel: row.counter_label,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    email: row.email,
    locale: row.locale,
    permitExpiresOn: row.permit_expires_on,
    checkInCode: row.check_in_code,
    releasesAt: row.releases_at,
  };
}
