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
export type MessageKey = keyof typeof import('./messages/de.json', { with: { type: 'json' } });
