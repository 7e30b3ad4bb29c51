import { OFFICE_TIME_ZONE } from '../clock/office-time.js';
import { STAFF_CATALOGUES, type StaffLocale, type StaffMessageKey } from './catalogues.js';
import { messageFormatter, perLocale, weekdayNamer, type Values } from './message-format.js';

export interface StaffTranslator {
  readonly locale: StaffLocale;
  t(key: StaffMessageKey, values?: Values): string;
  dateTime(value: Date): string;
  time(value: Date): string;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  weekday(isoWeekday: number): string;
}

const format = messageFormatter<StaffLocale, StaffMessageKey>(
  STAFF_CATALOGUES,
  (key, locale) => `Staff message "${key}" is missing in ${locale}`,
);

const made = perLocale((locale: StaffLocale): StaffTranslator => {
  // Staff formats take instants (`Date`), so they are written in the office's time zone.
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: OFFICE_TIME_ZONE,
  });
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: OFFICE_TIME_ZONE,
  });
  return {
    locale,
    t: (key, values) => format(locale, key, values),
    dateTime: (value) => dateTime.format(value),
    time: (value) => time.format(value),
    weekday: weekdayNamer(locale),
  };
});

/** Texts of the staff area (German or English), from `messages/staff.{de,en}.json`. */
export function staffTranslator(locale: StaffLocale): StaffTranslator {
  return made(locale);
}
