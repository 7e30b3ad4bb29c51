/**
 * The appointments' figures for the office's reports (reports/ aggregates them into tables of its
 * own): exported as a SELECT, so that the aggregation is one INSERT … SELECT and only this
 * capability names its tables. $1 and $2: the first and last office day (inclusive) of the appointment.
 */
import { OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';
import type { FigureQuery } from '../platform/reports/figure-query.js';

const DAY = `(a.starts_at AT TIME ZONE '${OFFICE_TIME_ZONE}')::date`;

/**
 * Columns: authority_id, day, location_id, service_id, booked (confirmed appointments: booked,
 * arrived, served or missed), served, no_show, cancelled. Holds and unconfirmed bookings are no appointments yet.
 */
export function appointmentOutcomesQuery(firstDay: string, lastDay: string): FigureQuery {
  return {
    text: `SELECT a.authority_id, ${DAY} AS day, a.location_id, a.service_id,
                  count(*) FILTER (WHERE a.status IN ('booked', 'arrived', 'served', 'no_show'))::int AS booked,
                  count(*) FILTER (WHERE a.status = 'served')::int AS served,
                  count(*) FILTER (WHERE a.status = 'no_show')::int AS no_show,
                  count(*) FILTER (WHERE a.status = 'cancelled' AND a.confirmed_at IS NOT NULL)::int AS cancelled
             FROM appointments a
            WHERE a.starts_at >= ($1::date)::timestamp AT TIME ZONE '${OFFICE_TIME_ZONE}'
              AND a.starts_at < ($2::date + 1)::timestamp AT TIME ZONE '${OFFICE_TIME_ZONE}'
              AND a.status IN ('booked', 'arrived', 'served', 'no_show', 'cancelled')
            GROUP BY 1, 2, 3, 4`,
    values: [firstDay, lastDay],
  };
}
