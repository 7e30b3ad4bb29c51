import { Type } from '@sinclair/typebox';
import { isLocale, type Locale } from '../i18n/locales.js';
import { HttpProblem } from './errors.js';

/** Route parameter `:locale`: any short word, so that an unknown one gets a 404 page with all languages. */
export const LocaleParams = Type.Object({ locale: Type.String({ maxLength: 20 }) });

export function localeOf(params: { locale: string }): Locale {
  if (!isLocale(params.locale)) throw new HttpProblem(404, 'notFound');
  return params.locale;
}
