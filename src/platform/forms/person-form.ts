import { isEmailAddress } from '../email-address.js';
import type { MessageKey } from '../i18n/catalogues.js';
import { isLocale, type Locale } from '../i18n/locales.js';
import { isDay, type Day } from '../clock/office-time.js';

/** The person an appointment or a draw registration is bound to, as typed. */
export interface PersonInput {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly email: string;
  readonly locale: string;
  readonly permitExpiresOn: string;
}

export interface Person {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: Day;
  readonly email: string;
  readonly locale: Locale;
  readonly permitExpiresOn: Day | null;
}

export interface PersonError {
  readonly field: keyof PersonInput;
  readonly message: MessageKey;
}

// Eastern Arabic (Arabic) and extended Arabic-Indic (Persian) digits, as phones type them.
const DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

function westernDigits(text: string): string {
  return text.replace(DIGITS, (d) => String(d.charCodeAt(0) & 0xf));
}

export type DateParse = { ok: true; day: Day } | { ok: false; reason: 'format' | 'calendar' | 'invalid' };

/**
 * A date typed by a person: ISO `2026-03-31` (what date fields send) or German `31.03.2026`, in
 * any digits. Years before 1900 are almost always another calendar (Solar Hijri 1369, Hijri 1410):
 * the person is asked for the Gregorian date instead of getting a wrong one.
 */
export function parseDateInput(raw: string): DateParse {
  const text = westernDigits(raw.trim());
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : null;
  if (!parts) return { ok: false, reason: 'format' };
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (year < 1900) return { ok: false, reason: 'calendar' };
  const value = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isDay(value) ? { ok: true, day: value } : { ok: false, reason: 'invalid' };
}

const DATE_ERRORS: Record<'format' | 'calendar' | 'invalid', MessageKey> = {
  format: 'person.error.dateFormat',
  calendar: 'person.error.dateCalendar',
  invalid: 'person.error.dateInvalid',
};

function checkName(value: string, field: 'firstName' | 'lastName', errors: PersonError[]): void {
  if (value === '')
    errors.push({
      field,
      message: field === 'firstName' ? 'person.error.firstNameRequired' : 'person.error.lastNameRequired',
    });
  else if (value.length > 100 || /[\p{Cc}<>]/u.test(value)) errors.push({ field, message: 'person.error.nameInvalid' });
}

/** Checks the person's details; `today` is the office's date. Pure, so each rule is tested directly. */
export function parsePerson(
  input: PersonInput,
  today: Day,
): { ok: true; person: Person } | { ok: false; errors: PersonError[] } {
  const errors: PersonError[] = [];
  const firstName = input.firstName.trim().replace(/\s+/g, ' ');
  const lastName = input.lastName.trim().replace(/\s+/g, ' ');
  checkName(firstName, 'firstName', errors);
  checkName(lastName, 'lastName', errors);
  let birthDate: Day | null = null;
  if (input.birthDate.trim() === '') errors.push({ field: 'birthDate', message: 'person.error.birthDateRequired' });
  else {
    const parsed = parseDateInput(input.birthDate);
    if (!parsed.ok) errors.push({ field: 'birthDate', message: DATE_ERRORS[parsed.reason] });
    else if (parsed.day >= today || parsed.day < `${Number(today.slice(0, 4)) - 120}${today.slice(4)}`)
      errors.push({ field: 'birthDate', message: 'person.error.birthDateRange' });
    else birthDate = parsed.day;
  }
  const email = input.email.trim();
  if (!isEmailAddress(email)) errors.push({ field: 'email', message: 'person.error.emailInvalid' });
  if (!isLocale(input.locale)) errors.push({ field: 'locale', message: 'person.error.localeInvalid' });
  let permitExpiresOn: Day | null = null;
  if (input.permitExpiresOn.trim() !== '') {
    const parsed = parseDateInput(input.permitExpiresOn);
    if (!parsed.ok) errors.push({ field: 'permitExpiresOn', message: DATE_ERRORS[parsed.reason] });
    else if (parsed.day > `${Number(today.slice(0, 4)) + 20}${today.slice(4)}`)
      errors.push({ field: 'permitExpiresOn', message: 'person.error.permitRange' });
    else permitExpiresOn = parsed.day;
  }
  if (errors.length > 0 || birthDate === null) return { ok: false, errors };
  return {
    ok: true,
    person: { firstName, lastName, birthDate, email, locale: input.locale as Locale, permitExpiresOn },
  };
}
