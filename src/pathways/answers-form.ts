import type { Day } from '../platform/clock/office-time.js';
import { parseDateInput } from '../platform/forms/person-form.js';
import type { MessageKey } from '../platform/i18n/catalogues.js';
import type { Answers } from './evaluate.js';
import {
  GERMAN_LEVELS,
  type GermanLevel,
  LIVELIHOODS,
  type Livelihood,
  TITLE_GROUPS,
  type TitleGroup,
} from './rules.js';

/**
 * The pathway questions as the form sends them (a GET query: the answers travel in the address
 * and are stored nowhere), checked into Answers or into errors in the reader's language.
 */
export const FIELDS = [
  'title',
  'titleSince',
  'residentSince',
  'asylumSince',
  'gapMonths',
  'german',
  'knowledge',
  'course',
  'pensionMonths',
  'livelihood',
] as const;
export type FieldName = (typeof FIELDS)[number];
export type FormValues = Readonly<Record<FieldName, string>>;

export interface FormError {
  readonly field: FieldName;
  readonly message: MessageKey;
}

export type Parsed =
  | { readonly kind: 'empty'; readonly values: FormValues }
  | { readonly kind: 'invalid'; readonly values: FormValues; readonly errors: readonly FormError[] }
  | { readonly kind: 'answered'; readonly values: FormValues; readonly answers: Answers };

export const MAX_MONTHS = 480;

/** The form's values from a query, each a string (a repeated parameter counts by its first value). */
export function formValues(query: Readonly<Record<string, unknown>>): FormValues {
  const value = (name: FieldName) => {
    const raw = Object.hasOwn(query, name) ? query[name] : undefined;
    const first = Array.isArray(raw) ? raw[0] : raw;
    return typeof first === 'string' ? first.slice(0, 40) : '';
  };
  return Object.fromEntries(FIELDS.map((f) => [f, value(f)])) as FormValues;
}

const DATE_ERRORS = {
  format: 'person.error.dateFormat',
  calendar: 'person.error.dateCalendar',
  invalid: 'person.error.dateInvalid',
} as const satisfies Record<string, MessageKey>;

function oneOf<T extends string>(options: readonly T[], value: string): T | null {
  return (options as readonly string[]).includes(value) ? (value as T) : null;
}

function date(values: FormValues, field: FieldName, today: Day, required: boolean, errors: FormError[]): Day | null {
  const raw = values[field].trim();
  if (raw === '') {
    if (required) errors.push({ field, message: 'pathway.error.dateRequired' });
    return null;
  }
  const parsed = parseDateInput(raw);
  if (!parsed.ok) errors.push({ field, message: DATE_ERRORS[parsed.reason] });
  else if (parsed.day > today) errors.push({ field, message: 'pathway.error.future' });
  else return parsed.day;
  return null;
}

function months(values: FormValues, field: FieldName, errors: FormError[]): number {
  const raw = values[field].trim().replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf));
  if (raw === '') return 0;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) > MAX_MONTHS) {
    errors.push({ field, message: 'pathway.error.months' });
    return 0;
  }
  return Number(raw);
}

/** Checks the answers; `today` is the office's date. Nothing asked yet (no title, no dates): the empty form. */
export function parseAnswers(values: FormValues, today: Day): Parsed {
  if (FIELDS.every((f) => values[f] === '')) return { kind: 'empty', values };
  const errors: FormError[] = [];
  const title = oneOf<TitleGroup>(TITLE_GROUPS, values.title);
  if (!title) errors.push({ field: 'title', message: 'pathway.error.choose' });
  const titleSince = date(values, 'titleSince', today, true, errors);
  const residentSince = date(values, 'residentSince', today, true, errors);
  const asylumSince = date(values, 'asylumSince', today, false, errors);
  if (titleSince && residentSince && titleSince < residentSince)
    errors.push({ field: 'titleSince', message: 'pathway.error.order' });
  const gapMonths = months(values, 'gapMonths', errors);
  const german = oneOf<GermanLevel>(GERMAN_LEVELS, values.german);
  if (!german) errors.push({ field: 'german', message: 'pathway.error.choose' });
  const pensionMonths = months(values, 'pensionMonths', errors);
  const livelihood = oneOf<Livelihood>(LIVELIHOODS, values.livelihood);
  if (!livelihood) errors.push({ field: 'livelihood', message: 'pathway.error.choose' });
  if (errors.length > 0 || !title || !titleSince || !residentSince || !german || !livelihood)
    return { kind: 'invalid', values, errors };
  return {
    kind: 'answered',
    values,
    answers: {
      title,
      titleSince,
      residentSince,
      asylumSince,
      gapMonths,
      german,
      knowledge: values.knowledge === '1',
      integrationCourse: values.course === '1',
      pensionMonths,
      livelihood,
    },
  };
}

/** The query string that carries the answers (for the PDF link and "change your answers"). */
export function answersQuery(values: FormValues): string {
  return new URLSearchParams(FIELDS.filter((f) => values[f] !== '').map((f) => [f, values[f]])).toString();
}
