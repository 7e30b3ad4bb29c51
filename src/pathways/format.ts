import type { Day } from '../platform/clock/office-time.js';
import type { Locale } from '../platform/i18n/locales.js';

const formats = new Map<Locale, Intl.DateTimeFormat>();

/** A calendar day as the reader writes dates, always Gregorian (the law's periods and the card's dates are). */
export function formatDay(locale: Locale, day: Day): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', calendar: 'gregory', timeZone: 'UTC' });
    formats.set(locale, format);
  }
  return format.format(new Date(`${day}T12:00:00Z`));
}
