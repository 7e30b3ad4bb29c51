import { OFFICE_TIME_ZONE } from '../clock/office-time.js';
import { IntlMessageFormat } from 'intl-messageformat';
import { STAFF_CATALOGUES, type StaffLocale, type StaffMessageKey } from './catalogues.js';
import type { Values } from './translator.js';

export interface StaffTranslator {
  readonly locale: StaffLocale;
  t(key: StaffMessageKey, values?: Values): string;
  dateTime(value: Date): string;
  time(value: Date): string;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  weekday(isoWeekday: number): string;
}

const compiled = new Map<string, IntlMessageFormat>();
const made = new Map<StaffLocale, StaffTranslator>();

/** Texts of the staff area (German or English), from `messages/staff.{de,en}.json`. */
export function staffTranslator(locale: StaffLocale): StaffTranslator {
  const existing = made.get(locale);
  if (existing) return existing;
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: OFFICE_TIME_ZONE });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: OFFICE_TIME_ZONE });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const translator: StaffTranslator = {
    locale,
    t(key, values) {
      const cacheKey = `${locale}\u0000${key}`;
      let message = compiled.get(cacheKey);
      if (!message) {
        const source = STAFF_CATALOGUES[locale][key];
        if (source === undefined) throw new Error(`Staff message "${key}" is missing in ${locale}`);
        message = new IntlMessageFormat(source, locale);
        compiled.set(cacheKey, message);
      }
      return String(message.format(values));
    },
    dateTime: (value) => dateTime.format(value),
    time: (value) => time.format(value),
    // 2024-01-01 was a Monday.
    weekday: (isoWeekday) => weekday.format(new Date(Date.UTC(2024, 0, isoWeekday))),
  };
  made.set(locale, translator);
  return translator;
}
