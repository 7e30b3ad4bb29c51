import { OFFICE_TIME_ZONE } from '../clock/office-time.js';
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogues.js';
import { direction, type Locale } from './locales.js';

export type Values = Record<string, PrimitiveType>;

export interface Translator {
  readonly locale: Locale;
  readonly dir: 'ltr' | 'rtl';
  t(key: MessageKey, values?: Values): string;
  money(cents: number): string;
  number(value: number): string;
  date(value: Date | string): string;
  /** ISO weekday 1 (Monday) … 7 (Sunday), named in the locale. */
  weekday(isoWeekday: number): string;
  /** A wall-clock time `HH:MM`, written as the locale writes times. */
  time(hhmm: string): string;
}

const compiled = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: MessageKey, values?: Values): string {
  const cacheKey = `${locale}\u0000${key}`;
  let message = compiled.get(cacheKey);
  if (!message) {
    const source = CATALOGUES[locale][key];
    if (source === undefined) throw new Error(`Message "${key}" is missing in the ${locale} catalogue`);
    message = new IntlMessageFormat(source, locale);
    compiled.set(cacheKey, message);
  }
  return String(message.format(values));
}

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  const existing = translators.get(locale);
  if (existing) return existing;
  const moneyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: OFFICE_TIME_ZONE });
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  const created: Translator = {
    locale,
    dir: direction(locale),
    t: (key, values) => format(locale, key, values),
    money: (cents) => moneyFormat.format(cents / 100),
    number: (value) => numberFormat.format(value),
    date: (value) => dateFormat.format(typeof value === 'string' ? new Date(value) : value),
    // 2024-01-01 was a Monday.
    weekday: (isoWeekday) => weekdayFormat.format(new Date(Date.UTC(2024, 0, isoWeekday))),
    time: (hhmm) => {
      const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
      return timeFormat.format(new Date(Date.UTC(2024, 0, 1, hours, minutes)));
    },
  };
  translators.set(locale, created);
  return created;
}
