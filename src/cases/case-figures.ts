/**
 * The cases' figures for the office's reports (reports/ aggregates them into tables of its own):
 * exported as SELECT statements, so that the aggregation is one INSERT … SELECT each and only this
 * capability names its tables.
 */
import { OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';
import type { FigureQuery } from '../platform/reports/figure-query.js';

/** The states of a case not yet decided (case-state.ts): its backlog. */
export const OPEN_STATES = ['received', 'incomplete', 'in_review', 'waiting_other_authority', 'ready_for_decision'];

const local = (column: string) => `(${column} AT TIME ZONE '${OFFICE_TIME_ZONE}')::date`;

/**
 * Decisions (granted, or a refusal approved) made on office days $1 … $2. Columns: authority_id,
 * day (of the decision), service_id, days (office days from receipt to decision), cases.
 */
export function decisionsQuery(firstDay: string, lastDay: string): FigureQuery {
  return {
    text: `SELECT h.authority_id, ${local('h.at')} AS day, c.service_id,
                  greatest(0, ${local('h.at')} - ${local('c.received_at')}) AS days, count(*)::int AS cases
             FROM case_history h JOIN cases c ON c.id = h.case_id
            WHERE h.state IN ('granted', 'refused') AND h.action IN ('grant', 'approve_refusal')
              AND h.at >= ($1::date)::timestamp AT TIME ZONE '${OFFICE_TIME_ZONE}'
              AND h.at < ($2::date + 1)::timestamp AT TIME ZONE '${OFFICE_TIME_ZONE}'
            GROUP BY 1, 2, 3, 4`,
    values: [firstDay, lastDay],
  };
}

/**
 * The open cases on office day $1, by service, state and age bucket: the bucket is the number of
 * `bounds` (days, ascending) the case's age exceeds (reports/figures.ts names them). Columns:
 * authority_id, service_id, state, bucket, cases, heard (a hearing is recorded, the decision is
 * pending), open_requests (document requests not yet answered), overdue_requests (of those, past their date).
 */
export function backlogQuery(today: string, bounds: readonly number[]): FigureQuery {
  return {
    text: `WITH r AS (
             SELECT d.case_id, count(*)::int AS open, count(*) FILTER (WHERE d.due_on < $1::date)::int AS overdue
               FROM document_requests d WHERE d.fulfilled_at IS NULL GROUP BY d.case_id
           )
           SELECT c.authority_id, c.service_id, c.state,
                  (SELECT count(*) FROM unnest($2::int[]) AS b WHERE $1::date - ${local('c.received_at')} > b)::int AS bucket,
                  count(*)::int AS cases,
                  count(*) FILTER (WHERE jsonb_typeof(c.record->'hearing') = 'object')::int AS heard,
                  coalesce(sum(r.open), 0)::int AS open_requests, coalesce(sum(r.overdue), 0)::int AS overdue_requests
             FROM cases c LEFT JOIN r ON r.case_id = c.id
            WHERE c.state = ANY($3::text[])
            GROUP BY 1, 2, 3, 4`,
    values: [today, bounds, OPEN_STATES],
  };
}
