import type { PersonError } from '../../../platform/forms/person-form.js';
import { PersonFields } from '../../../platform/forms/PersonFields.js';
import type { ApplicationFacts } from '../../../catalog/application-facts.js';
import type { MessageKey } from '../../../platform/i18n/catalogues.js';
import { Alert, ErrorSummary, FieldError } from '../../../platform/layout/components.js';
import { Layout } from '../../../platform/layout/Layout.js';
import { href, type Page } from '../../../platform/layout/page.js';
import type { QuestionError } from '../application-questions.js';
import type { DraftAnswers, DraftFile } from '../drafts.js';
import type { FileRefusal } from '../save-application.js';
import { questionAnchor, questionErrorText, QuestionFields } from './QuestionFields.js';

export interface ApplyForm {
  readonly service: ApplicationFacts;
  readonly values: DraftAnswers;
  readonly files: readonly DraftFile[];
  readonly errors: readonly PersonError[];
  readonly questionErrors: readonly QuestionError[];
  readonly missing: readonly string[];
  readonly refused: readonly FileRefusal[];
  readonly notice: MessageKey | null;
  readonly saved: boolean;
  readonly csrf: string;
  /** The proof-of-work challenge when uploads are under pressure (serialised), else null. */
  readonly challenge: string | null;
}

function size(bytes: number, locale: string): string {
  return bytes >= 1024 * 1024
    ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`
    : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} KB`;
}

/** The online application: the person's details and a file field per document; save for later, or submit. */
export function ApplyPage({ page, form }: { page: Page; form: ApplyForm }) {
  const { t } = page;
  const { service } = form;
  const nameOf = (slug: string) => service.documents.find((d) => d.slug === slug)?.name ?? slug;
  const summary = [
    ...form.errors.map((e) => ({ field: e.field, message: t.t(e.message) })),
    ...service.questions.flatMap((q) =>
      form.questionErrors
        .filter((e) => e.slug === q.slug)
        .map((e) => ({
          field: questionAnchor(q),
          message: t.t('apply.question.error', { question: q.label, error: questionErrorText(page, e) }),
        })),
    ),
    ...form.missing.map((slug) => ({
      field: `file-${slug}`,
      message: t.t('apply.missingDocument', { document: nameOf(slug) }),
    })),
    ...form.refused.map((r) => ({
      field: `file-${r.documentSlug}`,
      message: t.t('apply.fileRefused', {
        file: r.fileName,
        document: nameOf(r.documentSlug),
        reason: t.t(`apply.file.${r.reason}`),
      }),
    })),
  ];
  return (
    <Layout
      page={page}
      title={t.t('apply.title', { service: service.name })}
      nav="services"
      scripts={form.challenge ? ['pow.js'] : []}
    >
      <p class="kern-body">
        <a class="kern-link" href={href(page, `/services/${service.slug}`)}>
          {t.t('booking.backToService')}
        </a>
      </p>
      <h1 class="kern-heading-large">{t.t('apply.title', { service: service.name })}</h1>
      {form.notice ? <Alert kind="danger" title={t.t(form.notice)} live /> : null}
      {form.saved && summary.length === 0 ? <Alert kind="success" title={t.t('apply.saved')} live /> : null}
      <ErrorSummary title={t.t('apply.errorTitle')} errors={summary} />
      {form.refused.length > 0 ? <p class="kern-body">{t.t('apply.keptNote')}</p> : null}
      {form.challenge ? (
        <Alert kind="info" title={t.t('apply.powTitle')}>
          <p class="kern-body">{t.t('apply.powText')}</p>
        </Alert>
      ) : null}
      <p class="kern-body">{t.t('apply.intro')}</p>
      <form
        class="site-form"
        method="post"
        action={href(page, `/apply/${service.slug}`)}
        enctype="multipart/form-data"
        novalidate
        data-pow={form.challenge ?? undefined}
      >
        <input type="hidden" name="_csrf" value={form.csrf} />
        {form.challenge ? <input type="hidden" name="altcha" value="" /> : null}
        <h2 class="kern-heading-medium">{t.t('apply.person')}</h2>
        <PersonFields page={page} values={form.values} errors={form.errors} />
        {service.questions.length > 0 ? (
          <>
            <h2 class="kern-heading-medium">{t.t('apply.questions')}</h2>
            <QuestionFields
              page={page}
              questions={service.questions}
              values={form.values.questions}
              errors={form.questionErrors}
            />
          </>
        ) : null}
        <h2 class="kern-heading-medium">{t.t('apply.documents')}</h2>
        <p class="kern-body" id="documents-hint">
          {t.t('apply.documentsHint')}
        </p>
        {service.documents.map((doc) => {
          const id = `file-${doc.slug}`;
          const problems = [
            ...(form.missing.includes(doc.slug) ? [t.t('apply.missingDocument', { document: doc.name })] : []),
            ...form.refused
              .filter((r) => r.documentSlug === doc.slug)
              .map((r) => `${r.fileName}: ${t.t(`apply.file.${r.reason}`)}`),
          ];
          const uploaded = form.files.filter((f) => f.documentSlug === doc.slug);
          return (
            <div key={doc.slug} class={`kern-form-input${problems.length ? ' kern-form-input--error' : ''}`}>
              <label class="kern-label" for={id}>
                {doc.name} ({t.t(doc.required ? 'apply.required' : 'apply.optional')})
              </label>
              {doc.hint ? (
                <div class="kern-hint" id={`${id}-hint`}>
                  {doc.hint}
                </div>
              ) : null}
              {problems.map((p, i) => (
                <FieldError id={i === 0 ? `${id}-error` : undefined} text={p} key={p} />
              ))}
              {uploaded.length > 0 ? (
                <ul class="kern-list">
                  {uploaded.map((f) => (
                    <li key={f.id} class="kern-body">
                      {t.t('apply.uploaded', { name: f.fileName, size: size(f.byteSize, t.locale) })}
                    </li>
                  ))}
                </ul>
              ) : null}
              <input
                class="kern-form-input__input"
                type="file"
                id={id}
                name={`file:${doc.slug}`}
                multiple
                accept="application/pdf,image/jpeg,image/png"
                aria-describedby={[doc.hint ? `${id}-hint` : '', problems.length ? `${id}-error` : '', 'documents-hint']
                  .filter(Boolean)
                  .join(' ')}
                aria-invalid={problems.length ? 'true' : undefined}
              />
            </div>
          );
        })}
        <div class="site-actions">
          <button class="kern-btn kern-btn--secondary" type="submit" name="action" value="save">
            <span class="kern-label">{t.t('apply.save')}</span>
          </button>
          <button class="kern-btn kern-btn--primary" type="submit" name="action" value="submit">
            <span class="kern-label">{t.t('apply.submit')}</span>
          </button>
        </div>
      </form>
    </Layout>
  );
}
