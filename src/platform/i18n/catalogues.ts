import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from './locales.js';

export type Catalogue = Readonly<Record<string, string>>;

const DIR = path.join(import.meta.dirname, 'messages');

/** One ICU MessageFormat catalogue per locale, read once. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = Object.fromEntries(
  LOCALES.map((locale) => [locale, JSON.parse(readFileSync(path.join(DIR, `${locale}.json`), 'utf8')) as Catalogue]),
) as Record<Locale, Catalogue>;

/** The German catalogue defines which keys exist. */
export type MessageKey = keyof typeof import('./messages/de.json', { with: { type: 'json' }});

/** The staff area speaks German and English (staff choose in their profile). */
export const STAFF_LOCALES = ['de', 'en'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

export const STAFF_CATALOGUES: Readonly<Record<StaffLocale, Catalogue>> = Object.fromEntries(
  STAFF_LOCALES.map((locale) => [
    locale,
    JSON.parse(readFileSync(path.join(DIR, `staff.${locale}.json`), 'utf8')) as Catalogue,
  ]),
) as Record<StaffLocale, Catalogue>;

export type StaffMessageKey = keyof typeof import('./messages/staff.de.json');
