import { getHolidays } from 'feiertagejs';
import { addDays, type Day } from '../../platform/clock/office-time.js';

type Region = Parameters<typeof getHolidays>[1];
const byYear = new Map<string, ReadonlySet<Day>>();

/** The statutory public holidays of a German state (feiertagejs) in one year, as days. */
function holidaysOf(stateCode: string, year: number): ReadonlySet<Day> {
  const key = `${stateCode}:${year}`;
  let days = byYear.get(key);
  if (!days) {
    days = new Set(getHolidays(year, stateCode as Region).map((h) => h.dateString));
    byYear.set(key, days);
  }
  return days;
}

/** Public holidays of the state between `from` and `from + days`, plus the given closed days. */
export function closedDaysFor(stateCode: string, from: Day, days: number, extra: readonly Day[]): Set<Day> {
  const closed = new Set<Day>(extra);
  const last = addDays(from, days);
  for (let year = Number(from.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
    for (const day of holidaysOf(stateCode, year)) if (day >= from && day <= last) closed.add(day);
  }
  return closed;
}
