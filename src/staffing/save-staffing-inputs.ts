import { recordAudit } from '../audit/record-audit.js';
import { allServiceNames } from '../catalog/service-names.js';
import { can } from '../platform/access/policies.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { type FieldError, parseStaffingForm } from './staffing-form.js';

export type SaveResult = { ok: true } | { ok: false; reason: 'notAllowed' } | { ok: false; errors: FieldError[] };

/**
 * Saves what the head enters for the staffing need: the authority's annual working minutes,
 * surcharge and posts (empty: the published default, or none) and per service the case-work
 * minutes, counter minutes, forecasts and posts. The inputs are planning figures of the whole
 * office, so only `staffing.plan` without a location or service limit may change them. Saving the
 * same form twice stores the same values (upserts), so a double click changes nothing more.
 */
export async function saveStaffingInputs(
  { body }: { body: Readonly<Record<string, string | undefined>> },
  ctx: Context,
): Promise<SaveResult> {
  if (
    ctx.actor.kind !== 'staff' ||
    !can(ctx.actor, 'staffing.plan', { authorityId: ctx.authorityId, locationId: null, serviceId: null })
  )
    return { ok: false, reason: 'notAllowed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const serviceIds = (await allServiceNames(tx, 'de')).map((s) => s.id);
    const parsed = parseStaffingForm(body, serviceIds);
    if (!parsed.ok) return parsed;
    const { entries } = parsed;
    await tx.query(
      `INSERT INTO staffing_settings (authority_id, annual_working_minutes, surcharge_percent, total_posts)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (authority_id) DO UPDATE SET annual_working_minutes = $2, surcharge_percent = $3, total_posts = $4, updated_at = now()`,
      [ctx.authorityId, entries.annualWorkingMinutes, entries.surchargePercent, entries.totalPosts],
    );
    for (const [serviceId, e] of entries.services) {
      await tx.query(
        `INSERT INTO staffing_service_inputs (authority_id, service_id, casework_minutes, counter_minutes, forecast_cases, forecast_visits, posts)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (authority_id, service_id) DO UPDATE SET casework_minutes = $3, counter_minutes = $4,
           forecast_cases = $5, forecast_visits = $6, posts = $7, updated_at = now()`,
        [ctx.authorityId, serviceId, e.caseworkMinutes, e.counterMinutes, e.forecastCases, e.forecastVisits, e.posts],
      );
    }
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'staffing.inputs_saved',
      details: {
        annualWorkingMinutes: entries.annualWorkingMinutes,
        surchargePercent: entries.surchargePercent,
        totalPosts: entries.totalPosts,
      },
    });
    return { ok: true };
  });
}
