import { recordAudit } from '../audit/record-audit.js';
import { can } from '../platform/access/policies.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { StaffingDefaults } from './defaults.js';
import { showStaffingNeed, workloadOf } from './show-staffing-need.js';
import { type FieldError, parseNumber, parseScenario } from './staffing-form.js';

export type AdoptResult = { ok: true } | { ok: false; reason: 'notAllowed' } | { ok: false; errors: FieldError[] };

/**
 * Keeps a scenario: the service's visits and cases, changed by the percentage, become its forecasts.
 * The form carries the figures it was calculated from (`fromVisits`, `fromCases`); when they are no
 * longer the current ones, the scenario was already adopted (a double click, a reload) and nothing
 * is changed again, so +20 % never becomes +44 %.
 */
export async function adoptScenario(
  { body, defaults }: { body: Readonly<Record<string, string | undefined>>; defaults: StaffingDefaults },
  ctx: Context,
): Promise<AdoptResult> {
  if (
    ctx.actor.kind !== 'staff' ||
    !can(ctx.actor, 'staffing.plan', { authorityId: ctx.authorityId, locationId: null, serviceId: null })
  )
    return { ok: false, reason: 'notAllowed' };
  const figures = await showStaffingNeed({ locale: 'de', defaults }, ctx);
  if (figures === 'notAllowed') return { ok: false, reason: 'notAllowed' };
  const parsed = parseScenario(
    body,
    figures.services.map((s) => s.serviceId),
  );
  if (!parsed.ok) return parsed;
  if (!parsed.scenario) return { ok: false, errors: [{ field: 'scenarioService', code: 'scenarioService' }] };
  const { serviceId, percent } = parsed.scenario;
  const current = workloadOf(figures.services.find((s) => s.serviceId === serviceId)!);
  const count = { kind: 'whole', min: 0, max: 100_000_000 } as const;
  if (parseNumber(body.fromVisits, count) !== current.visits || parseNumber(body.fromCases, count) !== current.cases)
    return { ok: true };
  const factor = 1 + percent / 100;
  await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    await tx.query(
      `INSERT INTO staffing_service_inputs (authority_id, service_id, forecast_visits, forecast_cases) VALUES ($1, $2, $3, $4)
       ON CONFLICT (authority_id, service_id) DO UPDATE SET forecast_visits = $3, forecast_cases = $4, updated_at = now()`,
      [ctx.authorityId, serviceId, Math.round(current.visits * factor), Math.round(current.cases * factor)],
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'staffing.scenario_adopted',
      details: { serviceId, percent },
    });
  });
  return { ok: true };
}
