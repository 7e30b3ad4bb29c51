import { Alert, ErrorSummary, Field } from '../../platform/layout/components.js';
import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import type { FeedbackError, FeedbackInput } from '../feedback.js';

export interface FeedbackForm {
  readonly values: FeedbackInput;
  readonly errors: readonly FeedbackError[];
  readonly csrf: string;
  /** The form was sent but its security token had expired: the text is kept, it must be sent again. */
  readonly expired: boolean;
}

const LIMITS = ['accessibility.limit.signLanguage', 'accessibility.limit.arabicFont'] as const;

export function AccessibilityPage({ page, form, sent }: { page: Page; form: FeedbackForm; sent: boolean }) {
  const { t } = page;
  const errorOf = (field: keyof FeedbackInput) => {
    const found = form.errors.find((e) => e.field === field);
    return found ? t.t(found.message) : undefined;
  };
  const describedBy = (field: keyof FeedbackInput, hint: boolean) =>
    [hint ? `${field}-hint` : '', errorOf(field) ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const inputClass = (field: keyof FeedbackInput) =>
    `kern-form-input__input${errorOf(field) ? ' kern-form-input__input--error' : ''}`;
  return (
    <Layout page={page} title={t.t('accessibility.title')} nav="accessibility">
      <h1 class="kern-heading-large">{t.t('accessibility.title')}</h1>
      <p class="kern-body">{t.t('accessibility.intro', { site: page.siteName })}</p>
      <section class="site-section" aria-labelledby="a11y-status">
        <h2 class="kern-heading-medium" id="a11y-status">
          {t.t('accessibility.status.title')}
        </h2>
        <p class="kern-body">{t.t('accessibility.status.text')}</p>
      </section>
      <section class="site-section" aria-labelledby="a11y-limits">
        <h2 class="kern-heading-medium" id="a11y-limits">
          {t.t('accessibility.limits.title')}
        </h2>
        <ul class="kern-list kern-list--bullet">
          {LIMITS.map((key) => (
            <li key={key} class="kern-body">
              {t.t(key)}
            </li>
          ))}
        </ul>
        <p class="kern-body">{t.t('accessibility.prepared')}</p>
      </section>
      <section class="site-section" aria-labelledby="feedback">
        <h2 class="kern-heading-medium" id="feedback">
          {t.t('feedback.title')}
        </h2>
        {sent ? (
          <Alert kind="success" title={t.t('feedback.sentTitle')} live>
            <p class="kern-body">{t.t('feedback.sentText')}</p>
          </Alert>
        ) : null}
        {form.expired ? (
          <Alert kind="warning" title={t.t('feedback.expiredTitle')} live>
            <p class="kern-body">{t.t('feedback.expiredText')}</p>
          </Alert>
        ) : null}
        <ErrorSummary
          title={t.t('form.errorSummary')}
          errors={form.errors.map((e) => ({ field: e.field, message: t.t(e.message) }))}
        />
        <p class="kern-body">{t.t('feedback.intro')}</p>
        <form class="site-form" method="post" action={href(page, '/accessibility/feedback')} novalidate>
          <input type="hidden" name="_csrf" value={form.csrf} />
          <Field
            id="message"
            label={t.t('feedback.message')}
            hint={t.t('feedback.messageHint')}
            error={errorOf('message')}
          >
            <textarea
              class={inputClass('message')}
              id="message"
              name="message"
              rows={8}
              maxLength={5000}
              aria-describedby={describedBy('message', true)}
              aria-invalid={errorOf('message') ? 'true' : undefined}
            >
              {form.values.message}
            </textarea>
          </Field>
          <Field id="page" label={t.t('feedback.page')} hint={t.t('feedback.pageHint')} error={errorOf('page')}>
            <input
              class={inputClass('page')}
              type="text"
              id="page"
              name="page"
              value={form.values.page}
              maxLength={500}
              aria-describedby={describedBy('page', true)}
              aria-invalid={errorOf('page') ? 'true' : undefined}
            />
          </Field>
          <Field id="email" label={t.t('feedback.email')} hint={t.t('feedback.emailHint')} error={errorOf('email')}>
            <input
              class={inputClass('email')}
              type="email"
              id="email"
              name="email"
              value={form.values.email}
              maxLength={254}
              autocomplete="email"
              aria-describedby={describedBy('email', true)}
              aria-invalid={errorOf('email') ? 'true' : undefined}
            />
          </Field>
          <button class="kern-btn kern-btn--primary" type="submit">
            <span class="kern-label">{t.t('feedback.submit')}</span>
          </button>
        </form>
      </section>
      <section class="site-section" aria-labelledby="a11y-enforcement">
        <h2 class="kern-heading-medium" id="a11y-enforcement">
          {t.t('accessibility.enforcement.title')}
        </h2>
        <p class="kern-body">{t.t('accessibility.enforcement.text')}</p>
      </section>
    </Layout>
  );
}
