import type { Scope } from './policies.js';

/** The columns of a listed row that a grant's limits are checked against (absent: no such dimension). */
export interface ScopeColumns {
  readonly location?: string;
  readonly service?: string;
}

/**
 * The SQL condition "some scope reaches this row", the same rule as `can()` with a target: a
 * limited dimension reaches a row only when the row's id is among the grant's ids (a NULL column,
 * an object of the whole authority, is reached only without a limit). Appends one parameter to
 * `params` and returns the condition; no scopes at all gives FALSE.
 */
export function scopeCondition(scopes: readonly Scope[], columns: ScopeColumns, params: unknown[]): string {
  if (scopes.length === 0) return 'FALSE';
  params.push(JSON.stringify(scopes.map((s) => ({ l: s.locationIds, s: s.serviceIds }))));
  const n = params.length;
  const parts = [
    columns.location ? `(g.scope->'l' = 'null'::jsonb OR g.scope->'l' ? (${columns.location})::text)` : 'TRUE',
    columns.service ? `(g.scope->'s' = 'null'::jsonb OR g.scope->'s' ? (${columns.service})::text)` : 'TRUE',
  ];
  return `EXISTS (SELECT 1 FROM jsonb_array_elements($${n}::jsonb) AS g(scope) WHERE ${parts.join(' AND ')})`;
}
