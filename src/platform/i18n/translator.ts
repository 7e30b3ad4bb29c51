import { OFFICE_TIME_ZONE } from '../clock/office-time.js';
import { CATALOGUES, type MessageKey } from './catalogues.js';
import { direction, type Locale } from './locales.js';
import { messageFormatter, perLocale, weekdayNamer, type Values } from './message-format.js';

export type { Values };

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

const format = messageFormatter<Locale, MessageKey>(
  CATALOGUES,
  (key, locale) => `Message "${key}" is missing in the ${locale} catalogue`,
);

const made = perLocale((locale: Locale): Translator => {
  const moneyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: OFFICE_TIME_ZONE });
  // `time` gets a wall-clock `HH:MM`, not an instant, so it is written in UTC to stay unshifted.
  const timeFormat = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  return {
    locale,
    dir: direction(locale),
    t: (key, values) => format(locale, key, values),
    money: (cents) => moneyFormat.format(cents / 100),
    number: (value) => numberFormat.format(value),
    date: (value) => dateFormat.format(typeof value === 'string' ? new Date(value) : value),
    weekday: weekdayNamer(locale),
    time: (hhmm) => {
      const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
      return timeFormat.format(new Date(Date.UTC(2024, 0, 1, hours, minutes)));
    },
  };
});

/** Texts and formats of the public pages, in any of the seven locales. */
export function translator(locale: Locale): Translator {
  return made(locale);
}
