import { parseDateInput } from '../../../platform/forms/person-form.js';
import type { ApplicationQuestion } from '../../../catalog/application-facts.js';
import { Field, FieldError } from '../../../platform/layout/components.js';
import type { Page } from '../../../platform/layout/page.js';
import type { QuestionError, QuestionInput } from '../application-questions.js';

/** Where the error summary jumps for a question: its field, or the first radio button of a yes/no question. */
export function questionAnchor(question: Pick<ApplicationQuestion, 'slug' | 'kind'>): string {
  return question.kind === 'yesno' ? `q-${question.slug}-yes` : `q-${question.slug}`;
}

export function questionErrorText(page: Page, error: QuestionError): string {
  return page.t.t(error.message, error.max !== undefined ? { max: error.max } : undefined);
}

function YesNo({
  page,
  question,
  value,
  error,
}: {
  page: Page;
  question: ApplicationQuestion;
  value: string;
  error: string | undefined;
}) {
  const { t } = page;
  const id = `q-${question.slug}`;
  const described =
    [question.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} id={id} aria-describedby={described}>
      <legend class="kern-label">
        {question.label} ({t.t(question.required ? 'apply.required' : 'apply.optional')})
      </legend>
      {question.hint ? (
        <div class="kern-hint" id={`${id}-hint`}>
          {question.hint}
        </div>
      ) : null}
      {error ? <FieldError id={`${id}-error`} text={error} /> : null}
      <div class="kern-fieldset__body kern-fieldset__body--horizontal">
        {(['yes', 'no'] as const).map((answer) => (
          <div class="kern-form-check" key={answer}>
            <input
              class="kern-form-check__radio"
              type="radio"
              id={`${id}-${answer}`}
              name={`q:${question.slug}`}
              value={answer}
              checked={value === answer}
            />
            <label class="kern-label" for={`${id}-${answer}`}>
              {t.t(`apply.question.${answer}`)}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** One question as its kind asks: a line, a text box, a date, a list to choose from, or yes and no. */
function Question({
  page,
  question,
  value,
  error,
}: {
  page: Page;
  question: ApplicationQuestion;
  value: string;
  error: string | undefined;
}) {
  const { t } = page;
  if (question.kind === 'yesno') return <YesNo page={page} question={question} value={value} error={error} />;
  const id = `q-${question.slug}`;
  const name = `q:${question.slug}`;
  const label = `${question.label} (${t.t(question.required ? 'apply.required' : 'apply.optional')})`;
  const common = {
    id,
    name,
    'aria-describedby':
      [question.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
  };
  const inputClass = `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`;
  const date = question.kind === 'date' ? parseDateInput(value) : null;
  return (
    <Field id={id} label={label} hint={question.hint ?? undefined} error={error}>
      {question.kind === 'text' ? (
        <input class={inputClass} type="text" value={value} maxLength={question.maxLength ?? undefined} {...common} />
      ) : null}
      {question.kind === 'longtext' ? (
        <textarea class={inputClass} rows={4} maxLength={question.maxLength ?? undefined} {...common}>
          {value}
        </textarea>
      ) : null}
      {/* A typed date the field cannot show (31.03.2026) is shown as the field writes it, so nothing typed is lost. */}
      {date ? (
        <input
          class={inputClass}
          type="date"
          value={date.ok ? date.day : value}
          min="1900-01-01"
          max="2100-12-31"
          {...common}
        />
      ) : null}
      {question.kind === 'select' ? (
        <div class="kern-form-input__select-wrapper">
          <select class="kern-form-input__select" {...common}>
            <option value="" selected={!question.options.some((o) => o.slug === value)}>
              {t.t('apply.question.pick')}
            </option>
            {question.options.map((o) => (
              <option key={o.slug} value={o.slug} selected={o.slug === value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </Field>
  );
}

/** The service's own questions (data, not code): fields named `q:<slug>`, with their errors beside them. */
export function QuestionFields({
  page,
  questions,
  values,
  errors,
}: {
  page: Page;
  questions: readonly ApplicationQuestion[];
  values: QuestionInput;
  errors: readonly QuestionError[];
}) {
  return (
    <>
      {questions.map((question) => {
        const found = errors.find((e) => e.slug === question.slug);
        const value = Object.hasOwn(values, question.slug) ? (values[question.slug] ?? '') : '';
        return (
          <Question
            key={question.slug}
            page={page}
            question={question}
            value={value}
            error={found ? questionErrorText(page, found) : undefined}
          />
        );
      })}
    </>
  );
}
