/**
 * The staffing need in words and numbers, one language, for the page, the CSV and the PDF alike:
 * the same figures and the same steps everywhere. Pure.
 */
import type { CsvCell } from '../platform/reports/csv.js';
import type { StaffTranslator } from '../platform/i18n/staff-translator.js';
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import type { StaffingFigures } from './show-staffing-need.js';
import type { StaffingNeed } from './staffing-need.js';

export const COLUMNS: readonly StaffMessageKey[] = [
  'staffing.col.service',
  'staffing.col.visits',
  'staffing.col.counterMinutes',
  'staffing.col.cases',
  'staffing.col.caseworkMinutes',
  'staffing.col.minutes',
  'staffing.col.hours',
  'staffing.col.fte',
  'staffing.col.posts',
];

/** Numbers as staff read them: grouped thousands, at most two decimals ("96.000", "6,25"). */
export function numberFormat(t: StaffTranslator): (value: number) => string {
  const format = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 2 });
  return (value) => format.format(Math.abs(value) < 0.005 ? 0 : value);
}

const signed = (format: (v: number) => string, value: number) => (value > 0 ? `+${format(value)}` : format(value));

/** The table's rows as numbers (the CSV formats them itself), the total last. */
export function tableRows(need: StaffingNeed, t: StaffTranslator, scenario: StaffingNeed | null): CsvCell[][] {
  const rows: CsvCell[][] = need.services.map((s, i) => [
    s.name,
    round(s.visits),
    round(s.counterMinutes),
    round(s.cases),
    round(s.caseworkMinutes),
    round(s.minutes),
    round(s.hours),
    round(s.fte),
    s.posts,
    ...(scenario ? [round(scenario.services[i]?.fte ?? 0)] : []),
  ]);
  rows.push([
    t.t('staffing.total'),
    round(need.services.reduce((sum, s) => sum + s.visits, 0)),
    null,
    round(need.services.reduce((sum, s) => sum + s.cases, 0)),
    null,
    round(need.minutes),
    round(need.hours),
    round(need.fte),
    need.posts,
    ...(scenario ? [round(scenario.fte)] : []),
  ]);
  return rows;
}

export function tableHeader(t: StaffTranslator, withScenario: boolean): string[] {
  return [...COLUMNS, ...(withScenario ? (['staffing.col.scenarioFte'] as const) : [])].map((key) => t.t(key));
}

/** The calculation as sentences, in the order it is done. */
export function calculationSteps(figures: StaffingFigures, t: StaffTranslator): string[] {
  const n = numberFormat(t);
  const { need, parameters } = figures;
  const day = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone: 'Europe/Berlin' });
  const steps = [
    t.t('staffing.step.period', { from: day.format(figures.since), until: day.format(figures.until) }),
    // Services without any workload add nothing; their lines would only hide the others.
    ...need.services
      .filter((s) => s.baseMinutes > 0)
      .map((s) =>
        t.t('staffing.step.service', {
          service: s.name,
          visits: n(s.visits),
          counterMinutes: n(s.counterMinutes),
          cases: n(s.cases),
          caseworkMinutes: n(s.caseworkMinutes),
          base: n(s.baseMinutes),
        }),
      ),
    t.t('staffing.step.base', { base: n(need.baseMinutes) }),
    t.t('staffing.step.surcharge', {
      base: n(need.baseMinutes),
      percent: n(parameters.surchargePercent),
      surcharge: n(need.surchargeMinutes),
      minutes: n(need.minutes),
      hours: n(need.hours),
    }),
    t.t('staffing.step.divide', {
      minutes: n(need.minutes),
      annual: n(parameters.annualWorkingMinutes),
      fte: n(need.fte),
    }),
  ];
  steps.push(
    need.posts === null || need.gap === null
      ? t.t('staffing.step.noPosts')
      : t.t('staffing.step.gap', { posts: n(need.posts), fte: n(need.fte), gap: signed(n, need.gap) }),
  );
  return steps;
}

/** The headline: need against posts. */
export function resultLine(need: StaffingNeed, t: StaffTranslator): string {
  const n = numberFormat(t);
  return need.posts === null || need.gap === null
    ? t.t('staffing.result.noPosts', { need: n(need.fte) })
    : t.t('staffing.result', { need: n(need.fte), posts: n(need.posts), gap: signed(n, need.gap) });
}

/** The scenario's outcome in one or two sentences; empty without a scenario. */
export function scenarioLines(figures: StaffingFigures, t: StaffTranslator): string[] {
  if (!figures.scenario) return [];
  const n = numberFormat(t);
  const { scenario, need } = figures.scenario;
  const name = figures.services.find((s) => s.serviceId === scenario.serviceId)?.name ?? '';
  const lines = [
    t.t('staffing.scenario.result', {
      percent: signed(n, scenario.percent),
      service: name,
      fte: n(need.fte),
      base: n(figures.need.fte),
      delta: signed(n, need.fte - figures.need.fte),
    }),
  ];
  if (need.gap !== null) lines.push(t.t('staffing.scenario.gap', { gap: signed(n, need.gap) }));
  return lines;
}

/** The sources of the two parameters: the published default with its source and date, or the authority's value. */
export function sourceLines(figures: StaffingFigures, t: StaffTranslator): { text: string; url: string | null }[] {
  const n = numberFormat(t);
  const { defaults, settings, parameters } = figures;
  const describe = (own: number | null, fact: typeof defaults.surchargePercent) =>
    own === null
      ? t.t('staffing.source.default', { source: fact.source, date: checkedOn(fact.lastChecked, t) })
      : t.t('staffing.source.authority', { value: n(fact.value) });
  return [
    {
      text: `${t.t('staffing.source.annual', { value: n(parameters.annualWorkingMinutes) })}. ${describe(settings.annualWorkingMinutes, defaults.annualWorkingMinutes)}`,
      url: settings.annualWorkingMinutes === null ? defaults.annualWorkingMinutes.url : null,
    },
    {
      text: `${t.t('staffing.source.surcharge', { value: n(parameters.surchargePercent) })}. ${describe(settings.surchargePercent, defaults.surchargePercent)}`,
      url: settings.surchargePercent === null ? defaults.surchargePercent.url : null,
    },
  ];
}

/** A "last checked" day (YYYY-MM-DD) as the reader writes dates. */
function checkedOn(day: string, t: StaffTranslator): string {
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
