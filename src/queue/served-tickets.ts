import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** A walk-in (or emergency) ticket that was served; tickets of appointments count as the appointment. */
export interface ServedTicket {
  readonly id: string;
  readonly serviceId: string;
  readonly locationId: string;
  readonly locale: Locale;
  readonly servedAt: Date;
}

/** Walk-in tickets served after `since` (oldest first, at most `limit`), in the caller's tenant transaction. */
export async function servedTicketsSince(tx: Tx, since: Date, limit: number): Promise<ServedTicket[]> {
  const { rows } = await tx.query<ServedTicket>(
    `SELECT id, service_id AS "serviceId", location_id AS "locationId", locale, ended_at AS "servedAt"
       FROM queue_tickets
      WHERE status = 'served' AND kind <> 'appointment' AND ended_at > $1
      ORDER BY ended_at, id LIMIT $2`,
    [since, limit],
  );
  return rows;
}
