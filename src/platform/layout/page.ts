import type { Translator } from '../i18n/translator.js';

/** What every public page knows: the reader's language, the office, and where the reader is. */
export interface Page {
  readonly t: Translator;
  readonly siteName: string;
  readonly tagline: string;
  /** The path after the locale, with query (e.g. `/services?q=visa`), for the language switcher. */
  readonly path: string;
}

export type NavItem = 'start' | 'services' | 'guide' | 'pathway' | 'easy' | 'accessibility';

export function href(page: Page, path: string): string {
  return `/${page.t.locale}${path}`;
}
