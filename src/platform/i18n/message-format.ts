import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { Catalogue } from './catalogues.js';

export type Values = Record<string, PrimitiveType>;

/**
 * The one place ICU messages are compiled, for both the public and the staff catalogues.
 * Compiling is the costly part, so each message is compiled on first use and kept; the
 * cache lives in the closure, so each catalogue set (public, staff) has its own and keys
 * of the two can never collide. `missing` words the error, which each area keeps its own.
 */
export function messageFormatter<L extends string, Key extends string>(
  catalogues: Readonly<Record<L, Catalogue>>,
  missing: (key: Key, locale: L) => string,
): (locale: L, key: Key, values?: Values) => string {
  const compiled = new Map<string, IntlMessageFormat>();
  return (locale, key, values) => {
    const cacheKey = `${locale}\u0000${key}`;
    let message = compiled.get(cacheKey);
    if (!message) {
      const source = catalogues[locale][key];
      if (source === undefined) throw new Error(missing(key, locale));
      message = new IntlMessageFormat(source, locale);
      compiled.set(cacheKey, message);
    }
    return String(message.format(values));
  };
}

/** Builds a locale's translator once: its Intl formatters are costly to create and never change. */
export function perLocale<L extends string, T>(make: (locale: L) => T): (locale: L) => T {
  const made = new Map<L, T>();
  return (locale) => {
    let existing = made.get(locale);
    if (!existing) {
      existing = make(locale);
      made.set(locale, existing);
    }
    return existing;
  };
}

/** Names ISO weekdays 1 (Monday) … 7 (Sunday) in the locale; both areas show weekdays alike. */
export function weekdayNamer(locale: string): (isoWeekday: number) => string {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday, so day n of January 2024 is ISO weekday n.
  return (isoWeekday) => weekday.format(new Date(Date.UTC(2024, 0, isoWeekday)));
}
