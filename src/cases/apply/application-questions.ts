import { parseDateInput } from '../../platform/forms/person-form.js';
import type { ApplicationQuestion } from '../../catalog/application-facts.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';

/** The answers as typed, by question slug (the form's fields are named `q:<slug>`). */
export type QuestionInput = Readonly<Record<string, string>>;

/** The answers as checked: trimmed text, ISO dates, option slugs, `yes`/`no`; unanswered optional questions left out. */
export type QuestionAnswers = Readonly<Record<string, string>>;

export interface QuestionError {
  readonly slug: string;
  readonly message: MessageKey;
  /** The length limit, for the message that names it. */
  readonly max?: number;
}

export const QUESTION_FIELD_PREFIX = 'q:';

type Rule = Pick<ApplicationQuestion, 'slug' | 'kind' | 'required' | 'maxLength' | 'options'>;

/** The question fields of a posted form (`q:<slug>`), by slug; other fields are not looked at. */
export function questionFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([name]) => name.startsWith(QUESTION_FIELD_PREFIX))
      .map(([name, value]) => [name.slice(QUESTION_FIELD_PREFIX.length), value]),
  );
}

/** The typed answers to the service's own questions only: what a draft keeps (anything else posted is dropped). */
export function keepAnswered(questions: readonly Pick<Rule, 'slug'>[], input: QuestionInput): Record<string, string> {
  return Object.fromEntries(
    questions
      .filter((q) => Object.hasOwn(input, q.slug) && typeof input[q.slug] === 'string')
      .map((q) => [q.slug, input[q.slug]!]),
  );
}

const DATE_ERRORS: Record<'format' | 'calendar' | 'invalid', MessageKey> = {
  format: 'person.error.dateFormat',
  calendar: 'person.error.dateCalendar',
  invalid: 'person.error.dateInvalid',
};

// Like names: no control characters and no angle brackets (a longer text may break lines).
const REFUSED = /[\p{Cc}<>]/u;

/** One answer, given (not empty after trimming): its checked value, or the reason it is refused. */
function checkAnswer(
  question: Rule,
  raw: string,
): { ok: true; value: string } | { ok: false; message: MessageKey; max?: number } {
  switch (question.kind) {
    case 'text':
    case 'longtext': {
      const value = question.kind === 'text' ? raw.trim().replace(/\s+/g, ' ') : raw.trim().replace(/\r\n?/g, '\n');
      if (REFUSED.test(value.replace(/\n/g, ''))) return { ok: false, message: 'apply.question.invalidText' };
      const max = question.maxLength ?? 0;
      if ([...value].length > max) return { ok: false, message: 'apply.question.tooLong', max };
      return { ok: true, value };
    }
    case 'date': {
      const parsed = parseDateInput(raw);
      return parsed.ok ? { ok: true, value: parsed.day } : { ok: false, message: DATE_ERRORS[parsed.reason] };
    }
    case 'select':
      return question.options.some((o) => o.slug === raw.trim())
        ? { ok: true, value: raw.trim() }
        : { ok: false, message: 'apply.question.chooseOption' };
    case 'yesno':
      return raw.trim() === 'yes' || raw.trim() === 'no'
        ? { ok: true, value: raw.trim() }
        : { ok: false, message: 'apply.question.chooseOption' };
  }
}

/**
 * Checks the typed answers against the service's questions: a required question must be answered,
 * text within its length and free of control characters and angle brackets, a date a real
 * Gregorian date, a choice one of the offered options. Pure; never throws on any input.
 */
export function parseAnswers(
  questions: readonly Rule[],
  input: QuestionInput,
): { ok: true; answers: QuestionAnswers } | { ok: false; errors: QuestionError[] } {
  const answers: Record<string, string> = {};
  const errors: QuestionError[] = [];
  for (const question of questions) {
    const raw =
      Object.hasOwn(input, question.slug) && typeof input[question.slug] === 'string' ? input[question.slug]! : '';
    if (raw.trim() === '') {
      if (question.required)
        errors.push({
          slug: question.slug,
          message:
            question.kind === 'select' || question.kind === 'yesno'
              ? 'apply.question.choose'
              : 'apply.question.required',
        });
      continue;
    }
    const checked = checkAnswer(question, raw);
    if (checked.ok) answers[question.slug] = checked.value;
    else
      errors.push({
        slug: question.slug,
        message: checked.message,
        ...(checked.max !== undefined ? { max: checked.max } : {}),
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}

/** An answer as staff read it: the question's label and the answer, a choice by its option's label. */
export interface LabelledAnswer {
  readonly slug: string;
  readonly label: string;
  readonly kind: ApplicationQuestion['kind'] | 'unknown';
  /** The stored answer (an ISO date, `yes`/`no`, text), or for a choice its option's label. */
  readonly value: string;
}

/**
 * A case's answers beside the service's questions, in the questions' order. Questions the service
 * no longer asks still show their answers, under their slug, so nothing the person said is hidden.
 */
export function labelledAnswers(
  questions: readonly Pick<ApplicationQuestion, 'slug' | 'kind' | 'label' | 'options'>[],
  stored: unknown,
): LabelledAnswer[] {
  const answers =
    stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const given = (slug: string) =>
    Object.hasOwn(answers, slug) && typeof answers[slug] === 'string' ? answers[slug] : null;
  const known = questions.flatMap((q): LabelledAnswer[] => {
    const value = given(q.slug);
    if (value === null) return [];
    return [
      {
        slug: q.slug,
        label: q.label,
        kind: q.kind,
        value: q.kind === 'select' ? (q.options.find((o) => o.slug === value)?.label ?? value) : value,
      },
    ];
  });
  const unknown = Object.keys(answers)
    .filter((slug) => !questions.some((q) => q.slug === slug) && given(slug) !== null)
    .map((slug): LabelledAnswer => ({ slug, label: slug, kind: 'unknown', value: given(slug)! }));
  return [...known, ...unknown];
}
