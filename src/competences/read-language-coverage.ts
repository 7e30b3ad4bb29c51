import { appointmentLanguages, counterStaffDays } from '../appointments/language-demand.js';
import { locationsWithin, type Location } from '../authorities/list-locations.js';
import { applicationLanguages } from '../cases/apply/application-languages.js';
import { spokenLanguages } from '../identity/team-members.js';
import { actorCan, actorScopes } from '../platform/access/actor-access.js';
import { addDays, officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { ticketLanguages } from '../queue/ticket-languages.js';
import {
  coverageGaps,
  languageCoverage,
  languagesSpokenAt,
  type CoverageCell,
  type Demand,
} from './language-coverage.js';

/** The window the demand is counted over: the last three months (92 days, whole quarter). */
export const COVERAGE_DAYS = 92;

export interface CoverageReport {
  readonly since: string;
  readonly locations: readonly Location[];
  readonly cells: readonly CoverageCell[];
  readonly gaps: ReturnType<typeof coverageGaps>;
}

/**
 * Language coverage of the locations the actor's reports.view grants reach: what customers asked for
 * in the last three months (appointments, walk-in tickets and — for a grant over the whole
 * authority — online applications) against the languages of the staff at the counters per
 * weekday. Aggregates only: no person is named, so nothing personal is read out.
 */
export async function readLanguageCoverage(
  { now = Date.now() }: { now?: number },
  ctx: Context,
): Promise<CoverageReport> {
  const since = addDays(officeToday(now), -COVERAGE_DAYS);
  const sinceInstant = new Date(`${since}T00:00:00Z`);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const locations = await locationsWithin(tx, 'de', actorScopes(ctx.actor, 'reports.view'));
    const reached = new Set(locations.map((l) => l.id));
    const wholeAuthority = actorCan(ctx.actor, 'reports.view', { authorityId: ctx.authorityId, locationId: null });
    const demand: Demand[] = [
      ...(await appointmentLanguages(tx, sinceInstant)),
      ...(await ticketLanguages(tx, since)),
      ...(wholeAuthority
        ? (await applicationLanguages(tx, sinceInstant)).map((a) => ({ ...a, locationId: null }))
        : []),
    ].filter((d) => d.locationId === null || reached.has(d.locationId));
    const staffDays = await counterStaffDays(tx);
    const cells = languageCoverage(demand, staffDays, await spokenLanguages(tx));
    return { since, locations, cells, gaps: coverageGaps(cells) };
  });
}

/**
 * The languages spoken (B1 or better) at each location, from whoever works at its counters: for the
 * public service pages. Its own transaction: the catalogue's page asks after reading the service.
 */
export async function spokenAtLocations(ctx: Context): Promise<Map<string, string[]>> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) =>
    languagesSpokenAt(await counterStaffDays(tx), await spokenLanguages(tx)),
  );
}
