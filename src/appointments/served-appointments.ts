import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** An appointment that was served: what the customer survey needs to invite the person once. */
export interface ServedAppointment {
  readonly id: string;
  readonly serviceId: string;
  readonly locationId: string;
  /** Absent once the appointment's personal data was erased. */
  readonly email: string | null;
  readonly locale: Locale;
  readonly servedAt: Date;
}

/** Appointments served after `since` (oldest first, at most `limit`), in the caller's tenant transaction. */
export async function servedAppointmentsSince(tx: Tx, since: Date, limit: number): Promise<ServedAppointment[]> {
  const { rows } = await tx.query<ServedAppointment>(
    `SELECT id, service_id AS "serviceId", location_id AS "locationId", email,
            coalesce(locale, 'de') AS locale, finished_at AS "servedAt"
       FROM appointments
      WHERE status = 'served' AND finished_at > $1
      ORDER BY finished_at, id LIMIT $2`,
    [since, limit],
  );
  return rows;
}
