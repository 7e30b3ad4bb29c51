import { Alert, ErrorSummary, Field } from '../../platform/layout/components.js';
import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import type { SurveyQuestion } from '../questionnaire.js';
import { fieldOf, MAX_TEXT, SCALE, type SurveyFormError, type SurveyValues } from '../survey-form.js';

export interface SurveyForm {
  readonly action: string;
  readonly csrf: string;
  readonly values: SurveyValues;
  readonly errors: readonly SurveyFormError[];
  /** The security token had expired: what was chosen and typed is shown again, to be sent once more. */
  readonly expired: boolean;
}

/** The customer survey: one radio group per scale question (1 to 5, each labelled), free texts. */
export function SurveyPage({
  page,
  questions,
  form,
}: {
  page: Page;
  questions: readonly SurveyQuestion[];
  form: SurveyForm;
}) {
  const { t } = page;
  const errorOf = (field: string) => {
    const found = form.errors.find((e) => e.field === field);
    return found ? t.t(found.message) : undefined;
  };
  return (
    <Layout page={page} title={t.t('feedback.survey.title')}>
      <h1 class="kern-heading-large">{t.t('feedback.survey.title')}</h1>
      {form.expired ? <Alert kind="warning" title={t.t('feedback.survey.expired')} live /> : null}
      <ErrorSummary
        title={t.t('form.errorSummary')}
        errors={form.errors.map((e) => ({ field: e.field, message: t.t(e.message) }))}
      />
      <p class="kern-body">{t.t('feedback.survey.intro')}</p>
      <form class="site-form" method="post" action={form.action} novalidate>
        <input type="hidden" name="_csrf" value={form.csrf} />
        {questions.map((question) =>
          question.kind === 'scale' ? (
            <ScaleQuestion
              key={question.key}
              page={page}
              question={question}
              value={form.values[fieldOf(question)] ?? ''}
              error={errorOf(fieldOf(question))}
            />
          ) : (
            <Field key={question.key} id={fieldOf(question)} label={question.text} error={errorOf(fieldOf(question))}>
              <textarea
                class={`kern-form-input__input${errorOf(fieldOf(question)) ? ' kern-form-input__input--error' : ''}`}
                id={fieldOf(question)}
                name={fieldOf(question)}
                rows={5}
                maxLength={MAX_TEXT}
                aria-describedby={errorOf(fieldOf(question)) ? `${fieldOf(question)}-error` : undefined}
                aria-invalid={errorOf(fieldOf(question)) ? 'true' : undefined}
              >
                {form.values[fieldOf(question)] ?? ''}
              </textarea>
            </Field>
          ),
        )}
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('feedback.survey.submit')}</span>
        </button>
      </form>
    </Layout>
  );
}

function ScaleQuestion({
  page,
  question,
  value,
  error,
}: {
  page: Page;
  question: SurveyQuestion;
  value: string;
  error: string | undefined;
}) {
  const field = fieldOf(question);
  return (
    <fieldset
      class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      id={field}
      aria-describedby={error ? `${field}-error` : undefined}
    >
      <legend class="kern-label">{question.text}</legend>
      {error ? (
        <p class="kern-error" id={`${field}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span class="kern-body">{error}</span>
        </p>
      ) : null}
      <div class="kern-fieldset__body">
        {SCALE.map((score) => (
          <div class="kern-form-check" key={score}>
            <input
              class="kern-form-check__radio"
              type="radio"
              id={`${field}-${score}`}
              name={field}
              value={String(score)}
              checked={value === String(score)}
            />
            <label class="kern-label" for={`${field}-${score}`}>
              {`${score} – ${page.t.t(`feedback.scale.${score}`)}`}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
