import { listLocations, locationsWithin } from '../authorities/list-locations.js';
import { allServiceNames } from '../catalog/service-names.js';
import { scopesFor } from '../platform/access/policies.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { StaffTranslator } from '../platform/i18n/staff-translator.js';
import {
  appointmentTables,
  type FigureTable,
  type Names,
  processingTables,
  type ReportPageId,
  waitingTables,
} from './figure-tables.js';
import { readAppointmentFigures } from './read-appointment-figures.js';
import { readProcessingFigures } from './read-processing-figures.js';
import { readWaitingFigures } from './read-waiting-figures.js';
import type { ReportFilter } from './report-filter.js';

export interface Choice {
  readonly id: string;
  readonly name: string;
}

export interface Report {
  readonly tables: FigureTable[];
  /** The locations and services the actor may filter by. */
  readonly locations: Choice[];
  readonly services: Choice[];
}

/** One figures page as tables, for the page, its CSV and the PDF. Null: the actor may not see these figures. */
export async function showReport(
  { page, filter, t, now = Date.now() }: { page: ReportPageId; filter: ReportFilter; t: StaffTranslator; now?: number },
  ctx: Context,
): Promise<Report | null> {
  const choices = await reportChoices(t, ctx);
  if (!choices) return null;
  const names: Names = {
    services: new Map(choices.allServices.map((s) => [s.id, s.name])),
    locations: new Map(choices.allLocations.map((l) => [l.id, l.name])),
  };
  const tables = await tablesOf(page, filter, names, t, now, ctx);
  if (!tables) return null;
  return { tables, locations: choices.locations, services: choices.allServices };
}

async function tablesOf(
  page: ReportPageId,
  filter: ReportFilter,
  names: Names,
  t: StaffTranslator,
  now: number,
  ctx: Context,
): Promise<FigureTable[] | null> {
  if (page === 'waiting') {
    const figures = await readWaitingFigures({ filter }, ctx);
    return figures && waitingTables(figures, names, t);
  }
  if (page === 'appointments') {
    const figures = await readAppointmentFigures({ filter }, ctx);
    return figures && appointmentTables(figures, names, t, now);
  }
  const figures = await readProcessingFigures({ filter }, ctx);
  return figures && processingTables(figures, names, t);
}

async function reportChoices(t: StaffTranslator, ctx: Context) {
  const actor = ctx.actor;
  if (actor.kind !== 'staff') return null;
  const scopes = scopesFor(actor, 'reports.view');
  if (scopes.length === 0) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const reached = await locationsWithin(tx, t.locale, scopes);
    const allLocations = await listLocations(tx, t.locale);
    const allServices = await allServiceNames(tx, t.locale);
    return {
      locations: reached.map((l) => ({ id: l.id, name: l.name })),
      allLocations: allLocations.map((l) => ({ id: l.id, name: l.name })),
      allServices: allServices.map((s) => ({ id: s.id, name: s.name })),
    };
  });
}
