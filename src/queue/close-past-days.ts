import { officeToday } from '../platform/clock/office-time.js';
import { listAuthorities } from '../authorities/find-authority.js';
import type pg from 'pg';
import { withTenant } from '../platform/database/index.js';
import { recordEvent } from './tickets.js';

export const CLOSE_DAYS_JOB = 'queue-close-days';

/**
 * Tickets still open from an earlier office day (the office closed with people waiting, or a
 * caseworker forgot the last step) end as cancelled at night, with an event: no ticket stays open
 * for ever, and the figures count each day's queue as what it was.
 */
export async function closePastDays(pool: pg.Pool, now = Date.now()): Promise<number> {
  let closed = 0;
  for (const authority of await listAuthorities(pool)) {
    closed += await withTenant(pool, authority.id, async (tx) => {
      const { rows } = await tx.query<{
        id: string;
        location_id: string;
        service_id: string;
        counter_id: string | null;
      }>(
        `UPDATE queue_tickets SET status = 'cancelled', ended_at = now()
          WHERE office_day < $1 AND status IN ('waiting', 'called', 'serving', 'parked')
          RETURNING id, location_id, service_id, counter_id`,
        [officeToday(now)],
      );
      for (const row of rows) {
        await recordEvent(tx, {
          authorityId: authority.id,
          ticketId: row.id,
          locationId: row.location_id,
          event: 'cancelled',
          serviceId: row.service_id,
          counterId: row.counter_id,
          staffUserId: null,
        });
      }
      return rows.length;
    });
  }
  return closed;
}
