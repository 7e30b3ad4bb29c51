/**
 * The filters of every figures page, from the GET query: period (from, to: office days), location,
 * service. Pure: parsing and defaults, with the errors a page shows next to the fields.
 */
import { addDays, isDay } from '../platform/clock/office-time.js';

export interface ReportFilter {
  readonly from: string;
  readonly to: string;
  readonly locationId: string | null;
  readonly serviceId: string | null;
}

export interface FilterQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly location?: string | undefined;
  readonly service?: string | undefined;
}

export type FilterError = { readonly field: 'from' | 'to'; readonly problem: 'invalid' | 'order' };

/** Without a period: the 30 days up to yesterday, the last day the aggregates hold. */
export const DEFAULT_DAYS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseFilter(
  query: FilterQuery,
  today: string,
): { filter: ReportFilter; errors: readonly FilterError[] } {
  const yesterday = addDays(today, -1);
  const errors: FilterError[] = [];
  const to = pick(query.to, yesterday, 'to', errors);
  const from = pick(query.from, addDays(to, -(DEFAULT_DAYS - 1)), 'from', errors);
  if (errors.length === 0 && from > to) errors.push({ field: 'from', problem: 'order' });
  const filter = {
    from: errors.length === 0 ? from : addDays(yesterday, -(DEFAULT_DAYS - 1)),
    to: errors.length === 0 ? to : yesterday,
    locationId: query.location && UUID.test(query.location) ? query.location.toLowerCase() : null,
    serviceId: query.service && UUID.test(query.service) ? query.service.toLowerCase() : null,
  };
  return { filter, errors };
}

function pick(value: string | undefined, fallback: string, field: 'from' | 'to', errors: FilterError[]): string {
  if (value === undefined || value.trim() === '') return fallback;
  if (isDay(value.trim())) return value.trim();
  errors.push({ field, problem: 'invalid' });
  return fallback;
}

/** The filter as query parameters (for CSV links and the PDF), empty ones left out. */
export function filterQuery(filter: ReportFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.locationId) params.set('location', filter.locationId);
  if (filter.serviceId) params.set('service', filter.serviceId);
  return params.toString();
}
