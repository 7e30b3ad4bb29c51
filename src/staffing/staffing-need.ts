/**
 * The staffing need (Personalbedarfsermittlung) by the analytic method of the federal organisation
 * handbook (BMI/BVA, "Organisationshandbuch", orghandbuch.de, 2.4.3.5.4 Basisdaten):
 *
 *   need (FTE) = Σ over tasks (cases per year × mean processing time) ÷ annual working time of one
 *                full-time worker (Jahresarbeitszeit einer Normalarbeitskraft)
 *
 * How the distributed-time surcharge (Verteilzeit) is applied: the handbook defines the mean
 * processing time (mittlere Bearbeitungszeit, mBZ) as Grundzeit + Erholungszeit + Verteilzeit
 * (2.4.3.5.4 Basisdaten) and lets the personal and factual Verteilzeiten be covered by a flat
 * surcharge of 5 % + 5 % (2.4.3.5.4.3 Verteilzeiten). So the surcharge goes ON THE MINUTES
 * (mBZ = Grundzeit × (1 + surcharge)), not as a reduction of the available working time; the
 * annual working time stays the published figure. Measured counter times and time-recording
 * samples are Grundzeiten (the handbook allows the flat surcharge only when they hold no
 * Verteilzeit), hence the surcharge on both.
 *
 * Each service of the office is two tasks (Teilaufgaben) here, because the data measures them
 * apart: the visits at the counter (appointments and walk-ins served × measured counter minutes)
 * and the case work behind the counter (applications received × minutes from a time-recording
 * sample). Pure: the page, the CSV and the PDF show the steps this returns.
 */

export interface ServiceWorkload {
  readonly serviceId: string;
  readonly name: string;
  /** Visits at the counter per year (appointments and walk-ins served, or the head's forecast). */
  readonly visits: number;
  /** Mean minutes at the counter per visit (Grundzeit). */
  readonly counterMinutes: number;
  /** Cases (applications) per year. */
  readonly cases: number;
  /** Minutes of case work per case (Grundzeit, from a time-recording sample). */
  readonly caseworkMinutes: number;
  /** Posts (Stellen, FTE) of this service, when the authority enters them per service. */
  readonly posts: number | null;
}

export interface StaffingParameters {
  /** Annual working minutes of one full-time worker. */
  readonly annualWorkingMinutes: number;
  /** The Verteilzeit surcharge in per cent of the Grundzeit. */
  readonly surchargePercent: number;
  /** Posts in total, when the authority enters them for the whole office rather than per service. */
  readonly totalPosts: number | null;
}

/** "+20 % applications for service X": visits and cases of one service scaled by the percentage. */
export interface Scenario {
  readonly serviceId: string;
  readonly percent: number;
}

export interface ServiceNeed {
  readonly serviceId: string;
  readonly name: string;
  readonly visits: number;
  readonly counterMinutes: number;
  readonly cases: number;
  readonly caseworkMinutes: number;
  /** visits × counterMinutes + cases × caseworkMinutes. */
  readonly baseMinutes: number;
  readonly surchargeMinutes: number;
  /** baseMinutes + surchargeMinutes: the year's workload of the service. */
  readonly minutes: number;
  readonly hours: number;
  readonly fte: number;
  readonly posts: number | null;
}

export interface StaffingNeed {
  readonly parameters: StaffingParameters;
  readonly services: readonly ServiceNeed[];
  readonly baseMinutes: number;
  readonly surchargeMinutes: number;
  readonly minutes: number;
  readonly hours: number;
  readonly fte: number;
  /** Σ of the posts per service when any is entered, else the total entered, else null. */
  readonly posts: number | null;
  /** fte − posts: positive means posts are missing. */
  readonly gap: number | null;
}

export function staffingNeed(workloads: readonly ServiceWorkload[], parameters: StaffingParameters): StaffingNeed {
  if (!(parameters.annualWorkingMinutes > 0)) throw new RangeError('annual working minutes must be positive');
  const factor = parameters.surchargePercent / 100;
  const services = workloads.map((w): ServiceNeed => {
    const baseMinutes = w.visits * w.counterMinutes + w.cases * w.caseworkMinutes;
    const surchargeMinutes = baseMinutes * factor;
    const minutes = baseMinutes + surchargeMinutes;
    return {
      ...w,
      baseMinutes,
      surchargeMinutes,
      minutes,
      hours: minutes / 60,
      fte: minutes / parameters.annualWorkingMinutes,
    };
  });
  const sum = (pick: (s: ServiceNeed) => number) => services.reduce((total, s) => total + pick(s), 0);
  const minutes = sum((s) => s.minutes);
  const fte = minutes / parameters.annualWorkingMinutes;
  const posts = postsOf(services, parameters.totalPosts);
  return {
    parameters,
    services,
    baseMinutes: sum((s) => s.baseMinutes),
    surchargeMinutes: sum((s) => s.surchargeMinutes),
    minutes,
    hours: minutes / 60,
    fte,
    posts,
    gap: posts === null ? null : fte - posts,
  };
}

/** Posts per service win over a total: they say more, and the sum is the office's total. */
function postsOf(services: readonly ServiceNeed[], totalPosts: number | null): number | null {
  const entered = services.filter((s) => s.posts !== null);
  if (entered.length > 0) return entered.reduce((total, s) => total + (s.posts ?? 0), 0);
  return totalPosts;
}

/** The workloads with one service's visits and cases changed by the scenario's percentage. */
export function applyScenario(workloads: readonly ServiceWorkload[], scenario: Scenario): ServiceWorkload[] {
  const factor = 1 + scenario.percent / 100;
  return workloads.map((w) =>
    w.serviceId === scenario.serviceId ? { ...w, visits: w.visits * factor, cases: w.cases * factor } : w,
  );
}
