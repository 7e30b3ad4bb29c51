import { servedAppointmentsPerService } from '../appointments/served-appointments-per-service.js';
import { receivedCasesPerService } from '../cases/received-cases-per-service.js';
import { allServiceNames } from '../catalog/service-names.js';
import { can } from '../platform/access/policies.js';
import type { Context } from '../platform/context.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { servedTicketsPerService } from '../queue/served-tickets-per-service.js';
import type { StaffingDefaults } from './defaults.js';
import type { ServiceEntry } from './staffing-form.js';
import {
  applyScenario,
  type Scenario,
  type ServiceWorkload,
  type StaffingNeed,
  staffingNeed,
  type StaffingParameters,
} from './staffing-need.js';

export interface Measured {
  /** Cases received in the period. */
  readonly cases: number;
  /** Appointments and walk-ins served in the period. */
  readonly visits: number;
  /** Mean minutes called → served, over `timedVisits` tickets; null when none was timed. */
  readonly counterMinutes: number | null;
  readonly timedVisits: number;
}

export interface ServiceInputs {
  readonly serviceId: string;
  readonly name: string;
  readonly measured: Measured;
  readonly entered: ServiceEntry;
}

export interface AuthoritySettings {
  readonly annualWorkingMinutes: number | null;
  readonly surchargePercent: number | null;
  readonly totalPosts: number | null;
}

export interface StaffingFigures {
  readonly since: Date;
  readonly until: Date;
  readonly services: readonly ServiceInputs[];
  readonly settings: AuthoritySettings;
  readonly defaults: StaffingDefaults;
  readonly parameters: StaffingParameters;
  readonly need: StaffingNeed;
  readonly scenario: { readonly scenario: Scenario; readonly need: StaffingNeed } | null;
  /** Whether the actor may change the inputs (staffing.plan over the whole authority). */
  readonly mayPlan: boolean;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const NO_ENTRY: ServiceEntry = {
  caseworkMinutes: null,
  counterMinutes: null,
  forecastCases: null,
  forecastVisits: null,
  posts: null,
};

/**
 * The staffing need of the office with the inputs behind it: the last 12 months' cases, visits and
 * counter times per service (through the exported counts of cases, appointments and queue) and
 * what the head entered, calculated by the pure `staffingNeed`. Only services the actor's
 * `reports.view` reaches over all locations are listed; the figures are
 * aggregates without personal data, so reading them is not audited.
 */
export async function showStaffingNeed(
  { locale, defaults, now = new Date() }: { locale: Locale; defaults: StaffingDefaults; now?: Date },
  ctx: Context,
): Promise<StaffingFigures | 'notAllowed'> {
  if (ctx.actor.kind !== 'staff' || !can(ctx.actor, 'reports.view', { authorityId: ctx.authorityId }))
    return 'notAllowed';
  const actor = ctx.actor;
  const since = new Date(now.getTime() - YEAR_MS);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    // The counts are the whole authority's (every location): a grant limited to some locations
    // does not reach them, one limited to some services reaches those services' rows.
    const names = (await allServiceNames(tx, locale)).filter((s) =>
      can(actor, 'reports.view', { authorityId: ctx.authorityId, locationId: null, serviceId: s.id }),
    );
    const services = await inputsOf(tx, names, since);
    const settings = await settingsOf(tx);
    const parameters: StaffingParameters = {
      annualWorkingMinutes: settings.annualWorkingMinutes ?? defaults.annualWorkingMinutes.value,
      surchargePercent: settings.surchargePercent ?? defaults.surchargePercent.value,
      totalPosts: settings.totalPosts,
    };
    return {
      since,
      until: now,
      services,
      settings,
      defaults,
      parameters,
      need: staffingNeed(services.map(workloadOf), parameters),
      scenario: null,
      mayPlan: can(actor, 'staffing.plan', { authorityId: ctx.authorityId, locationId: null, serviceId: null }),
    };
  });
}

/** The figures with a scenario calculated beside them (never stored); a service not listed gives none. */
export function withScenario(figures: StaffingFigures, scenario: Scenario | null): StaffingFigures {
  if (!scenario || !figures.services.some((s) => s.serviceId === scenario.serviceId)) return figures;
  const workloads = applyScenario(figures.services.map(workloadOf), scenario);
  return { ...figures, scenario: { scenario, need: staffingNeed(workloads, figures.parameters) } };
}

/** What the calculation uses: a forecast over the measured count, an entered time over the measured one. */
export function workloadOf(input: ServiceInputs): ServiceWorkload {
  return {
    serviceId: input.serviceId,
    name: input.name,
    visits: input.entered.forecastVisits ?? input.measured.visits,
    counterMinutes: input.entered.counterMinutes ?? input.measured.counterMinutes ?? 0,
    cases: input.entered.forecastCases ?? input.measured.cases,
    caseworkMinutes: input.entered.caseworkMinutes ?? 0,
    posts: input.entered.posts,
  };
}

async function inputsOf(
  tx: Tx,
  services: readonly { id: string; name: string }[],
  since: Date,
): Promise<ServiceInputs[]> {
  const cases = await receivedCasesPerService(tx, since);
  const appointments = await servedAppointmentsPerService(tx, since);
  const tickets = await servedTicketsPerService(tx, since);
  const { rows } = await tx.query<{
    service_id: string;
    casework_minutes: string | null;
    counter_minutes: string | null;
    forecast_cases: number | null;
    forecast_visits: number | null;
    posts: string | null;
  }>(
    'SELECT service_id, casework_minutes, counter_minutes, forecast_cases, forecast_visits, posts FROM staffing_service_inputs',
  );
  const entered = new Map(rows.map((r) => [r.service_id, r]));
  return services.map((s) => {
    const ticket = tickets.get(s.id);
    const row = entered.get(s.id);
    return {
      serviceId: s.id,
      name: s.name,
      measured: {
        cases: cases.get(s.id) ?? 0,
        visits: (appointments.get(s.id) ?? 0) + (ticket?.walkIns ?? 0),
        counterMinutes: ticket?.meanCounterMinutes ?? null,
        timedVisits: ticket?.timed ?? 0,
      },
      entered: row
        ? {
            caseworkMinutes: numberOrNull(row.casework_minutes),
            counterMinutes: numberOrNull(row.counter_minutes),
            forecastCases: row.forecast_cases,
            forecastVisits: row.forecast_visits,
            posts: numberOrNull(row.posts),
          }
        : NO_ENTRY,
    };
  });
}

async function settingsOf(tx: Tx): Promise<AuthoritySettings> {
  const { rows } = await tx.query<{
    annual_working_minutes: number | null;
    surcharge_percent: string | null;
    total_posts: string | null;
  }>('SELECT annual_working_minutes, surcharge_percent, total_posts FROM staffing_settings');
  const row = rows[0];
  return {
    annualWorkingMinutes: row?.annual_working_minutes ?? null,
    surchargePercent: numberOrNull(row?.surcharge_percent ?? null),
    totalPosts: numberOrNull(row?.total_posts ?? null),
  };
}

/** numeric columns arrive as text (exact); the calculation works in doubles. */
function numberOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}
