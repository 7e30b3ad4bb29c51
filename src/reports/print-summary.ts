import type { Context } from '../platform/context.js';
import type { StaffTranslator } from '../platform/i18n/staff-translator.js';
import { REPORT_PAGES } from './figure-tables.js';
import type { ReportFilter } from './report-filter.js';
import { showReport } from './show-report.js';
import { summaryPdf } from './summary-pdf.js';

/** The PDF summary of all three figures pages for one filter. Null: the actor may not see these figures. */
export async function printSummary(
  { filter, t, authorityName }: { filter: ReportFilter; t: StaffTranslator; authorityName: string },
  ctx: Context,
): Promise<Uint8Array | null> {
  const tables = [];
  let names: { locations: Map<string, string>; services: Map<string, string> } | null = null;
  for (const page of REPORT_PAGES) {
    const report = await showReport({ page, filter, t }, ctx);
    if (!report) return null;
    names ??= {
      locations: new Map(report.locations.map((l) => [l.id, l.name])),
      services: new Map(report.services.map((s) => [s.id, s.name])),
    };
    tables.push(...report.tables);
  }
  const notes = [t.t('reports.period', { from: filter.from, to: filter.to })];
  if (filter.locationId) notes.push(`${t.t('reports.location')}: ${names?.locations.get(filter.locationId) ?? ''}`);
  if (filter.serviceId) notes.push(`${t.t('reports.service')}: ${names?.services.get(filter.serviceId) ?? ''}`);
  return summaryPdf({ authorityName, title: t.t('reports.title'), notes, locale: t.locale, tables });
}
