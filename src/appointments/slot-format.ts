import type { Locale } from '../platform/i18n/locales.js';
import { OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, kind: 'date' | 'time' | 'day'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'date'
          ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
          : { weekday: 'short', day: 'numeric', month: 'short' };
    // Persian and Arabic would otherwise use their own calendars; appointments are Gregorian dates.
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: OFFICE_TIME_ZONE, calendar: 'gregory' });
    formats.set(key, format);
  }
  return format;
}

/** An appointment's date and time as the reader writes them, in the office's time zone. */
export function formatSlot(locale: Locale, instant: Date | number): { date: string; time: string; shortDay: string } {
  return {
    date: formatter(locale, 'date').format(instant),
    time: formatter(locale, 'time').format(instant),
    shortDay: formatter(locale, 'day').format(instant),
  };
}
