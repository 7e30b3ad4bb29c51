/**
 * The walk-in queue's figures for the office's reports (reports/ aggregates them into tables of its
 * own). Exported as SELECT statements, not run here, so that the aggregation is one set-based
 * INSERT … SELECT while this capability alone names its tables. Parameters: $1 and $2, the first
 * and last office day (inclusive). Walk-ins only: tickets of booked appointments wait for their time.
 */
import { OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';
import type { FigureQuery } from '../platform/reports/figure-query.js';

const HOUR = `extract(hour FROM t.arrived_at AT TIME ZONE '${OFFICE_TIME_ZONE}')::smallint`;

/** Columns: authority_id, day, location_id, service_id, hour (of the draw), wait_minutes (draw → call, whole minutes), tickets. */
export function walkInWaitsQuery(firstDay: string, lastDay: string): FigureQuery {
  return {
    text: `SELECT t.authority_id, t.office_day AS day, t.location_id, t.service_id, ${HOUR} AS hour,
                  greatest(0, floor(extract(epoch FROM t.called_at - t.arrived_at) / 60))::int AS wait_minutes, count(*)::int AS tickets
             FROM queue_tickets t
            WHERE t.kind <> 'appointment' AND t.called_at IS NOT NULL AND t.office_day BETWEEN $1::date AND $2::date
            GROUP BY 1, 2, 3, 4, 5, 6`,
    values: [firstDay, lastDay],
  };
}

/** Columns: authority_id, day, location_id, service_id, hour (of the draw), tickets (drawn, called or not). */
export function walkInTicketsQuery(firstDay: string, lastDay: string): FigureQuery {
  return {
    text: `SELECT t.authority_id, t.office_day AS day, t.location_id, t.service_id, ${HOUR} AS hour, count(*)::int AS tickets
             FROM queue_tickets t
            WHERE t.kind <> 'appointment' AND t.office_day BETWEEN $1::date AND $2::date
            GROUP BY 1, 2, 3, 4, 5`,
    values: [firstDay, lastDay],
  };
}
