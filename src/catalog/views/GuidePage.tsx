import type { PartnerEntry } from '../../partners/directory.js';
import { PartnerLinks } from '../../partners/views/PartnerViews.js';
import { Alert } from '../../platform/layout/components.js';
import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import { answersQuery, type GuideStep } from '../guide.js';
import type { ServiceSummary } from '../service.js';
import { ServiceCard } from './ServiceCard.js';

function AnsweredList({ page, step }: { page: Page; step: GuideStep }) {
  const { t } = page;
  if (step.answered.length === 0) return null;
  return (
    <section class="site-section" aria-labelledby="answers">
      <h2 class="kern-heading-small" id="answers">
        {t.t('guide.yourAnswers')}
      </h2>
      <dl class="kern-description-list">
        {step.answered.map((answer, index) => (
          <div class="kern-description-list-item" key={answer.question.id}>
            <dt class="kern-description-list-item__key">{t.t(answer.question.label)}</dt>
            <dd class="kern-description-list-item__value">
              {t.t(answer.option.label)}{' '}
              <a class="kern-link" href={href(page, `/guide?${answersQuery(step.answered.slice(0, index))}`)}>
                {t.t('guide.change')}
                <span class="kern-sr-only">{`: ${t.t(answer.question.label)}`}</span>
              </a>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function QuestionForm({ page, step }: { page: Page; step: Extract<GuideStep, { kind: 'question' }> }) {
  const { t } = page;
  const { question } = step;
  const errorId = `${question.id}-error`;
  return (
    <form class="site-form" method="get" action={href(page, '/guide')}>
      {step.answered.map((a) => (
        <input key={a.question.id} type="hidden" name={a.question.id} value={a.option.value} />
      ))}
      <fieldset
        class={`kern-fieldset${step.invalid ? ' kern-fieldset--error' : ''}`}
        aria-describedby={step.invalid ? errorId : undefined}
      >
        <legend class="kern-label kern-label--large">{t.t(question.label)}</legend>
        {step.invalid ? (
          <p class="kern-error" id={errorId} role="alert">
            <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
            <span class="kern-body">{t.t('guide.chooseOne')}</span>
          </p>
        ) : null}
        <div class="kern-fieldset__body">
          {question.options.map((option, index) => {
            const id = `${question.id}-${option.value}`;
            return (
              <div class="kern-form-check" key={option.value}>
                <input
                  class="kern-form-check__radio"
                  type="radio"
                  id={id}
                  name={question.id}
                  value={option.value}
                  required={index === 0}
                />
                <label class="kern-label" for={id}>
                  {t.t(option.label)}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
      <button class="kern-btn kern-btn--primary" type="submit">
        <span class="kern-label">{t.t('guide.next')}</span>
      </button>
    </form>
  );
}

export function GuidePage({
  page,
  step,
  results,
  partners = [],
  urgent = [],
}: {
  page: Page;
  step: GuideStep;
  results: readonly ServiceSummary[];
  /** The partner organisations that help with the results' services (the office as guide). */
  partners?: readonly PartnerEntry[];
  /** Counselling services to name beside an urgent note (an expired permit). */
  urgent?: readonly PartnerEntry[];
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('guide.title')} nav="guide">
      <h1 class="kern-heading-large">{t.t('guide.title')}</h1>
      <p class="kern-body kern-body--large">{t.t('guide.intro')}</p>
      <AnsweredList page={page} step={step} />
      {step.kind === 'question' ? (
        <>
          <p class="kern-preline">{t.t('guide.progress', { current: t.number(step.answered.length + 1) })}</p>
          <QuestionForm page={page} step={step} />
        </>
      ) : (
        <section class="site-section" aria-labelledby="result">
          <h2 class="kern-heading-medium" id="result">
            {t.t('guide.resultTitle', { count: results.length })}
          </h2>
          {step.outcome.note ? (
            <Alert kind="info" title={t.t('guide.noteTitle')}>
              <p class="kern-body">{t.t(step.outcome.note)}</p>
              <PartnerLinks page={page} partners={urgent} intro={t.t('partners.emergency.help')} />
            </Alert>
          ) : null}
          <ul class="site-cards">
            {results.map((service) => (
              <li key={service.id}>
                <ServiceCard page={page} service={service} />
              </li>
            ))}
          </ul>
          <PartnerLinks page={page} partners={partners} intro={t.t('partners.guide.helps')} />
        </section>
      )}
      {step.answered.length > 0 ? (
        <p class="kern-body">
          <a class="kern-link" href={href(page, '/guide')}>
            {t.t('guide.restart')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
