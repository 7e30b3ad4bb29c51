import { applicationServiceNames, serviceNames } from '../../catalog/service-names.js';
import { staffNames } from '../../identity/staff-names.js';
import { can } from '../../platform/access/policies.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { caseScopeCondition, caseTarget } from '../case-policy.js';
import { CASE_STATES, type CaseState } from '../case-state.js';
import { isUuid } from '../../platform/ids.js';

export interface InboxFilter {
  readonly state?: string | undefined;
  readonly service?: string | undefined;
  readonly language?: string | undefined;
  /** 'overdue': expected decision date passed; 'week': due within 7 days. */
  readonly deadline?: string | undefined;
  /** 'me': assigned to me; 'none': nobody's yet; else all. */
  readonly assigned?: string | undefined;
}

export interface InboxEntry {
  readonly id: string;
  readonly reference: string;
  readonly serviceName: string;
  readonly state: CaseState;
  readonly receivedAt: Date;
  readonly expectedDecisionOn: string;
  readonly overdue: boolean;
  readonly locale: string;
  readonly assignedTo: string | null;
  readonly newDocuments: boolean;
  readonly name: string;
}

const PAGE = 100;

/**
 * The team's inbox: open cases the policy lets the member view (`cases.view`, in SQL by the same
 * rule as `can()`: a grant limited to services is the team), filtered; oldest deadline first. At
 * most 100 rows, the rest by narrowing the filter. The services to filter by are those reachable.
 */
export async function listInbox(
  filter: InboxFilter,
  ctx: Context,
): Promise<{ entries: InboxEntry[]; services: { id: string; name: string }[] }> {
  const me = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const params: unknown[] = [
    CASE_STATES.includes(filter.state as CaseState) ? filter.state : null,
    uuidOrNull(filter.service),
    filter.language && /^[a-z]{2}$/.test(filter.language) ? filter.language : null,
    filter.deadline === 'overdue' || filter.deadline === 'week' ? filter.deadline : null,
    (filter.assigned === 'me' && me) || filter.assigned === 'none' ? filter.assigned : null,
    me,
  ];
  const visible = caseScopeCondition(ctx.actor, 'cases.view', 'c', params);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      reference: string;
      service_id: string;
      state: CaseState;
      received_at: Date;
      expected_decision_on: string;
      overdue: boolean;
      locale: string;
      assigned_to: string | null;
      new_documents: boolean;
      name: string;
    }>(
      `SELECT c.id, c.reference, c.service_id, c.state, c.received_at, c.expected_decision_on, c.expected_decision_on < current_date AS overdue,
              c.locale, c.assigned_to, c.new_documents, c.first_name || ' ' || c.last_name AS name
         FROM cases c
        WHERE c.state <> 'closed'
          AND ${visible}
          AND ($1::text IS NULL OR c.state = $1)
          AND ($2::uuid IS NULL OR c.service_id = $2)
          AND ($3::text IS NULL OR c.locale::text = $3)
          AND ($4::text IS NULL OR ($4 = 'overdue' AND c.expected_decision_on < current_date) OR ($4 = 'week' AND c.expected_decision_on < current_date + 7))
          AND ($5::text IS NULL OR ($5 = 'me' AND c.assigned_to = $6) OR ($5 = 'none' AND c.assigned_to IS NULL))
        ORDER BY c.new_documents DESC, c.expected_decision_on, c.received_at
        LIMIT ${PAGE}`,
      params,
    );
    // Names from their owners, one query each for the whole page (every service has a German name).
    const services = await serviceNames(
      tx,
      'de',
      rows.map((r) => r.service_id),
    );
    const staff = await staffNames(
      tx,
      rows.map((r) => r.assigned_to),
    );
    return {
      entries: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        serviceName: services.get(r.service_id) ?? '',
        state: r.state,
        receivedAt: r.received_at,
        expectedDecisionOn: r.expected_decision_on,
        overdue: r.overdue,
        locale: r.locale,
        assignedTo: r.assigned_to === null ? null : (staff.get(r.assigned_to) ?? null),
        newDocuments: r.new_documents,
        name: r.name,
      })),
      services: (await applicationServiceNames(tx, 'de')).filter(
        (s) => ctx.actor.kind === 'staff' && can(ctx.actor, 'cases.view', caseTarget(ctx.authorityId, s.id)),
      ),
    };
  });
}

function uuidOrNull(value: string | undefined): string | null {
  return value && isUuid(value) ? value : null;
}
