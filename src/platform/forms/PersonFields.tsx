import { ENDONYMS, LOCALES } from '../i18n/locales.js';
import { Field } from '../layout/components.js';
import type { Page } from '../layout/page.js';
import type { PersonError, PersonInput } from './person-form.js';

/** Name, date of birth, e-mail, language and permit expiry: the identity a booking is bound to. */
export function PersonFields({
  page,
  values,
  errors,
}: {
  page: Page;
  values: PersonInput;
  errors: readonly PersonError[];
}) {
  const { t } = page;
  const errorOf = (field: keyof PersonInput) => {
    const found = errors.find((e) => e.field === field);
    return found ? t.t(found.message) : undefined;
  };
  const described = (field: keyof PersonInput, hint: boolean) =>
    [hint ? `${field}-hint` : '', errorOf(field) ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const inputClass = (field: keyof PersonInput) =>
    `kern-form-input__input${errorOf(field) ? ' kern-form-input__input--error' : ''}`;
  const text = (
    field: 'firstName' | 'lastName' | 'email',
    type: 'text' | 'email',
    autocomplete: 'given-name' | 'family-name' | 'email',
    hint: boolean,
  ) => (
    <Field
      id={field}
      label={t.t(`person.${field}`)}
      hint={hint && field !== 'lastName' ? t.t(`person.${field}Hint`) : undefined}
      error={errorOf(field)}
    >
      <input
        class={inputClass(field)}
        type={type as 'text'}
        id={field}
        name={field}
        value={values[field]}
        autocomplete={autocomplete}
        maxLength={field === 'email' ? 254 : 100}
        aria-describedby={described(field, hint)}
        aria-invalid={errorOf(field) ? 'true' : undefined}
      />
    </Field>
  );
  const date = (field: 'birthDate' | 'permitExpiresOn', autocomplete?: 'bday') => (
    <Field id={field} label={t.t(`person.${field}`)} hint={t.t(`person.${field}Hint`)} error={errorOf(field)}>
      <input
        class={inputClass(field)}
        type="date"
        id={field}
        name={field}
        value={values[field]}
        autocomplete={autocomplete}
        min="1900-01-01"
        max="2100-12-31"
        aria-describedby={described(field, true)}
        aria-invalid={errorOf(field) ? 'true' : undefined}
      />
    </Field>
  );
  return (
    <>
      {text('firstName', 'text', 'given-name', true)}
      {text('lastName', 'text', 'family-name', false)}
      {date('birthDate', 'bday')}
      {text('email', 'email', 'email', true)}
      <Field id="locale" label={t.t('person.locale')} hint={t.t('person.localeHint')} error={errorOf('locale')}>
        <div class="kern-form-input__select-wrapper">
          <select
            class="kern-form-input__select"
            id="locale"
            name="locale"
            aria-describedby={described('locale', true)}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l} selected={values.locale === l}>
                {ENDONYMS[l]}
              </option>
            ))}
          </select>
        </div>
      </Field>
      {date('permitExpiresOn')}
    </>
  );
}

export function emptyPerson(locale: string): PersonInput {
  return { firstName: '', lastName: '', birthDate: '', email: '', locale, permitExpiresOn: '' };
}
