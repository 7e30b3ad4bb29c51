import { ENDONYMS, LOCALES, type Locale } from '../../platform/i18n/locales.js';
import { Alert } from '../../platform/layout/components.js';
import { Csrf, Submit } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';

export interface EditableQuestion {
  readonly key: string;
  readonly kind: 'scale' | 'text';
  readonly active: boolean;
  readonly texts: Readonly<Record<string, string>>;
}

/** `/staff/surveys`: the customer questionnaire, each question switched on or off and its texts in seven languages. */
export function QuestionnairePage({
  page,
  questions,
  notice,
  failed,
}: {
  page: StaffPage;
  questions: readonly EditableQuestion[];
  notice: 'saved' | null;
  /** The question whose form was refused, with what was typed and the languages missing a text. */
  failed: { key: string; question: EditableQuestion; locales: readonly Locale[] } | null;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('feedback.settings.title')}>
      <h1 class="kern-heading-large">{t.t('feedback.settings.title')}</h1>
      {notice ? <Alert kind="success" title={t.t('feedback.settings.saved')} live /> : null}
      {failed ? (
        <Alert kind="danger" title={t.t('staff.form.errorSummary')} live>
          <ul class="kern-list">
            {failed.locales.map((locale) => (
              <li key={locale}>
                <a class="kern-link" href={`#${failed.key}-${locale}`}>
                  {t.t('feedback.settings.textMissing', { language: ENDONYMS[locale] })}
                </a>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <p class="kern-body">{t.t('feedback.settings.intro')}</p>
      <p class="kern-body">
        <a class="kern-link" href="/staff/pulse">
          {t.t('feedback.nav.pulse')}
        </a>
      </p>
      {questions.map((stored) => {
        const question = failed?.key === stored.key ? failed.question : stored;
        return (
          <form key={question.key} method="post" action={`/staff/surveys/${question.key}`} class="site-section">
            <Csrf token={page.staff!.csrf} />
            <fieldset class="kern-fieldset">
              <legend class="kern-label">
                {`${question.texts.de ?? question.key} (${t.t(question.kind === 'scale' ? 'feedback.settings.scale' : 'feedback.settings.text')})`}
              </legend>
              <div class="kern-fieldset__body">
                <div class="kern-form-check">
                  <input
                    class="kern-form-check__checkbox"
                    type="checkbox"
                    id={`${question.key}-active`}
                    name="active"
                    value="1"
                    checked={question.active}
                  />
                  <label class="kern-label" for={`${question.key}-active`}>
                    {t.t('feedback.settings.active')}
                  </label>
                </div>
                {LOCALES.map((locale) => {
                  const id = `${question.key}-${locale}`;
                  const bad = failed?.key === question.key && failed.locales.includes(locale);
                  return (
                    <div key={locale} class={`kern-form-input${bad ? ' kern-form-input--error' : ''}`}>
                      <label class="kern-label" for={id}>
                        {ENDONYMS[locale]}
                      </label>
                      <input
                        class={`kern-form-input__input${bad ? ' kern-form-input__input--error' : ''}`}
                        type="text"
                        id={id}
                        name={`text-${locale}`}
                        lang={locale}
                        dir={locale === 'ar' || locale === 'fa' ? 'rtl' : 'ltr'}
                        value={question.texts[locale] ?? ''}
                        maxLength={300}
                        aria-invalid={bad ? 'true' : undefined}
                      />
                    </div>
                  );
                })}
              </div>
            </fieldset>
            <Submit label={t.t('feedback.settings.save')} secondary />
          </form>
        );
      })}
    </StaffLayout>
  );
}
