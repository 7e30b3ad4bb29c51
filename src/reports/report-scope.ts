import type { Actor } from '../platform/context.js';
import { can, scopesFor } from '../platform/access/policies.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { ReportFilter } from './report-filter.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/** Whether the actor may see figures of the chosen location and service (absent: no choice made). */
export function mayView(actor: Actor, filter: ReportFilter): actor is Staff {
  if (actor.kind !== 'staff') return false;
  return can(actor, 'reports.view', {
    authorityId: actor.authorityId,
    ...(filter.locationId ? { locationId: filter.locationId } : {}),
    ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
  });
}

/**
 * The WHERE condition of an aggregate table's rows for a filter and the actor's reach: the chosen
 * location and service, and (the same rule as `can()`) only rows some grant of `reports.view`
 * reaches. `columns` names what the table has (cases have no location). Appends to `params`.
 */
export function figureCondition(
  actor: Staff,
  filter: ReportFilter,
  columns: { location?: string; service?: string },
  params: unknown[],
): string {
  const parts = [scopeCondition(scopesFor(actor, 'reports.view'), columns, params)];
  if (columns.location && filter.locationId) {
    params.push(filter.locationId);
    parts.push(`${columns.location} = $${params.length}::uuid`);
  }
  if (columns.service && filter.serviceId) {
    params.push(filter.serviceId);
    parts.push(`${columns.service} = $${params.length}::uuid`);
  }
  return parts.join(' AND ');
}

/** `day BETWEEN from AND to` with its two parameters. */
export function periodCondition(filter: ReportFilter, params: unknown[]): string {
  params.push(filter.from, filter.to);
  return `day BETWEEN $${params.length - 1}::date AND $${params.length}::date`;
}
