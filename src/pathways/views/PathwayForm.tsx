import type { ComponentChildren } from 'preact';
import { ErrorSummary, Field } from '../../platform/layout/components.js';
import type { Translator } from '../../platform/i18n/translator.js';
import type { FieldName, FormError, FormValues } from '../answers-form.js';
import { GERMAN_LEVELS, LIVELIHOODS, TITLE_GROUPS, type TitleGroup } from '../rules.js';

/** The legal basis each title group stands for, as it is printed on the card (German terms of art). */
const TITLE_CITATIONS: Readonly<Record<TitleGroup, string | null>> = {
  skilled: '§§ 18a, 18b AufenthG',
  blueCard: '§ 18g AufenthG',
  refugee: '§ 25 Abs. 1, Abs. 2 AufenthG',
  subsidiary: '§ 25 Abs. 2 AufenthG',
  familyGerman: '§ 28 AufenthG',
  family: '§§ 29–36 AufenthG',
  study: '§§ 16a–17 AufenthG',
  other: null,
  settled: '§§ 9, 9a AufenthG',
  none: '§ 60a AufenthG, § 55 AsylG',
};

/** A German citation inside a text of any direction: isolated, and marked as German. */
export function Citation({ text }: { text: string }) {
  return (
    <bdi lang="de" dir="ltr">
      {text}
    </bdi>
  );
}

interface Props {
  t: Translator;
  action: string;
  values: FormValues;
  errors: readonly FormError[];
  /** Extra fields the form carries along (the easy mode, the person's language at the counter). */
  hidden?: Readonly<Record<string, string>>;
  /** Fields of the caller's before the questions (the person's language at the counter). */
  children?: ComponentChildren;
}

/** The pathway questions: one GET form, so that the answers travel in the address and are stored nowhere. */
export function PathwayForm({ t, action, values, errors, hidden = {}, children }: Props) {
  const errorOf = (field: FieldName) => {
    const found = errors.find((e) => e.field === field);
    return found ? t.t(found.message) : undefined;
  };
  const describedBy = (field: FieldName, hint: boolean) =>
    [hint ? `${field}-hint` : '', errorOf(field) ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const inputClass = (field: FieldName) =>
    `kern-form-input__input${errorOf(field) ? ' kern-form-input__input--error' : ''}`;
  const date = (field: 'titleSince' | 'residentSince' | 'asylumSince', hint: boolean) => (
    <Field
      id={field}
      label={t.t(`pathway.q.${field}`)}
      hint={hint ? t.t(`pathway.hint.${field as 'residentSince'}`) : undefined}
      error={errorOf(field)}
    >
      <input
        class={inputClass(field)}
        type="date"
        id={field}
        name={field}
        value={values[field]}
        min="1950-01-01"
        max="2100-12-31"
        required={field !== 'asylumSince'}
        aria-describedby={describedBy(field, hint)}
        aria-invalid={errorOf(field) ? 'true' : undefined}
      />
    </Field>
  );
  const number = (field: 'gapMonths' | 'pensionMonths') => (
    <Field id={field} label={t.t(`pathway.q.${field}`)} hint={t.t(`pathway.hint.${field}`)} error={errorOf(field)}>
      <input
        class={inputClass(field)}
        type="text"
        inputMode="numeric"
        id={field}
        name={field}
        value={values[field]}
        maxLength={3}
        size={4}
        aria-describedby={describedBy(field, true)}
        aria-invalid={errorOf(field) ? 'true' : undefined}
      />
    </Field>
  );
  const radios = (field: 'title' | 'livelihood', options: readonly string[], hint: boolean) => (
    <fieldset
      class={`kern-fieldset${errorOf(field) ? ' kern-fieldset--error' : ''}`}
      id={field}
      aria-describedby={describedBy(field, hint)}
    >
      <legend class="kern-label">{t.t(`pathway.q.${field}`)}</legend>
      {hint ? (
        <div class="kern-hint" id={`${field}-hint`}>
          {t.t('pathway.hint.title')}
        </div>
      ) : null}
      {errorOf(field) ? (
        <p class="kern-error" id={`${field}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span class="kern-body">{errorOf(field)}</span>
        </p>
      ) : null}
      <div class="kern-fieldset__body">
        {options.map((option, index) => {
          const id = `${field}-${option}`;
          const citation = field === 'title' ? TITLE_CITATIONS[option as TitleGroup] : null;
          return (
            <div class="kern-form-check" key={option}>
              <input
                class="kern-form-check__radio"
                type="radio"
                id={id}
                name={field}
                value={option}
                checked={values[field] === option}
                required={index === 0}
              />
              <label class="kern-label" for={id}>
                {t.t(`pathway.a.${field}.${option}` as 'pathway.a.title.skilled')}
                {citation ? (
                  <>
                    {' '}
                    {/* The brackets inside the isolate: in right-to-left text they stay around the citation. */}
                    <Citation text={`(${citation})`} />
                  </>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
  const check = (field: 'knowledge' | 'course', label: 'pathway.q.knowledge' | 'pathway.q.integrationCourse') => (
    <div class="kern-form-check">
      <input
        class="kern-form-check__checkbox"
        type="checkbox"
        id={field}
        name={field}
        value="1"
        checked={values[field] === '1'}
      />
      <label class="kern-label" for={field}>
        {t.t(label)}
      </label>
    </div>
  );
  const summary = errors.map((e) => ({
    field: e.field,
    message: `${t.t(`pathway.q.${e.field === 'course' ? 'integrationCourse' : e.field}`)}: ${t.t(e.message)}`,
  }));
  return (
    <form class="site-form site-pathway" method="get" action={action} noValidate={errors.length > 0}>
      <ErrorSummary title={t.t('pathway.error.summary')} errors={summary} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      {radios('title', TITLE_GROUPS, true)}
      {date('titleSince', false)}
      {date('residentSince', true)}
      {date('asylumSince', true)}
      {number('gapMonths')}
      <Field id="german" label={t.t('pathway.q.german')} error={errorOf('german')}>
        <div class="kern-form-input__select-wrapper">
          <select
            class="kern-form-input__select"
            id="german"
            name="german"
            required
            aria-describedby={describedBy('german', false)}
            aria-invalid={errorOf('german') ? 'true' : undefined}
          >
            {GERMAN_LEVELS.map((level) => (
              <option key={level} value={level} selected={values.german === level}>
                {level === 'none' ? t.t('pathway.a.german.none') : level}
              </option>
            ))}
          </select>
        </div>
      </Field>
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{t.t('pathway.q.more')}</legend>
        <div class="kern-fieldset__body">
          {check('knowledge', 'pathway.q.knowledge')}
          {check('course', 'pathway.q.integrationCourse')}
        </div>
      </fieldset>
      {number('pensionMonths')}
      {radios('livelihood', [...LIVELIHOODS].reverse(), false)}
      <button class="kern-btn kern-btn--primary" type="submit">
        <span class="kern-label">{t.t('pathway.submit')}</span>
      </button>
    </form>
  );
}
