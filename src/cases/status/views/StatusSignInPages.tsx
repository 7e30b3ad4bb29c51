import { Alert, DescriptionList, ErrorSummary, Field } from '../../../platform/layout/components.js';
import { Layout } from '../../../platform/layout/Layout.js';
import { href, type Page } from '../../../platform/layout/page.js';
import type { MyCase } from '../list-my-cases.js';
import { formatMoment } from './StatusPages.js';

function described(hint: string, error: string | null): string {
  return error ? `${hint} ${error}` : hint;
}

/** "Where is my application?": the two ways to the status page, and the form for the second (a code by e-mail). */
export function StatusSignInPage({
  page,
  csrf,
  email,
  error,
  notice,
}: {
  page: Page;
  csrf: string;
  email: string;
  error: string | null;
  notice: string | null;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('statusSignIn.title')}>
      <h1 class="kern-heading-large">{t.t('statusSignIn.title')}</h1>
      {notice ? <Alert kind="info" title={notice} live /> : null}
      <ErrorSummary title={t.t('form.errorSummary')} errors={error ? [{ field: 'email', message: error }] : []} />
      <p class="kern-body">{t.t('statusSignIn.intro')}</p>
      <section class="site-section" aria-labelledby="way-link">
        <h2 class="kern-heading-medium" id="way-link">
          {t.t('statusSignIn.linkTitle')}
        </h2>
        <p class="kern-body">{t.t('statusSignIn.linkText')}</p>
      </section>
      <section class="site-section" aria-labelledby="way-code">
        <h2 class="kern-heading-medium" id="way-code">
          {t.t('statusSignIn.codeWayTitle')}
        </h2>
        <p class="kern-body">{t.t('statusSignIn.codeWayText')}</p>
        <form class="site-form" method="post" action={href(page, '/status/code')} novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <Field
            id="email"
            label={t.t('statusSignIn.email')}
            hint={t.t('statusSignIn.emailHint')}
            error={error ?? undefined}
          >
            <input
              class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
              type="email"
              id="email"
              name="email"
              value={email}
              autocomplete="email"
              maxLength={254}
              dir="ltr"
              aria-describedby={described('email-hint', error ? 'email-error' : null)}
              aria-invalid={error ? 'true' : undefined}
            />
          </Field>
          <button class="kern-btn kern-btn--primary" type="submit">
            <span class="kern-label">{t.t('statusSignIn.sendCode')}</span>
          </button>
        </form>
      </section>
    </Layout>
  );
}

/**
 * The code from the e-mail. Shown after every request in the same words, whether or not a code
 * went out (`sent`); the address goes along hidden, so the code is checked for it.
 */
export function StatusCodePage({
  page,
  csrf,
  email,
  error,
  sent,
}: {
  page: Page;
  csrf: string;
  email: string;
  error: string | null;
  sent: boolean;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('statusSignIn.codeTitle')}>
      <h1 class="kern-heading-large">{t.t('statusSignIn.codeTitle')}</h1>
      {sent ? (
        <Alert kind="info" title={t.t('statusSignIn.sentTitle')} live>
          <p class="kern-body">{t.t('statusSignIn.sent', { email })}</p>
        </Alert>
      ) : null}
      <ErrorSummary title={t.t('form.errorSummary')} errors={error ? [{ field: 'code', message: error }] : []} />
      <form class="site-form" method="post" action={href(page, '/status/sign-in')} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="email" value={email} />
        <Field
          id="code"
          label={t.t('statusSignIn.code')}
          hint={t.t('statusSignIn.codeHint')}
          error={error ?? undefined}
        >
          <input
            class={`kern-form-input__input site-code${error ? ' kern-form-input__input--error' : ''}`}
            type="text"
            id="code"
            name="code"
            value=""
            inputMode="numeric"
            autocomplete="one-time-code"
            maxLength={12}
            dir="ltr"
            spellcheck={false}
            aria-describedby={described('code-hint', error ? 'code-error' : null)}
            aria-invalid={error ? 'true' : undefined}
          />
        </Field>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('statusSignIn.signIn')}</span>
        </button>
      </form>
      <p class="kern-body">{t.t('statusSignIn.noMail')}</p>
      <p class="kern-body">
        <a class="kern-link" href={href(page, '/status')}>
          {t.t('statusSignIn.newCode')}
        </a>
      </p>
    </Layout>
  );
}

/** The signed-in person's applications: each opens its status page. */
export function MyCasesPage({
  page,
  csrf,
  address,
  endsAt,
  cases,
}: {
  page: Page;
  csrf: string;
  address: string;
  endsAt: Date;
  cases: readonly MyCase[];
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('statusSignIn.mineTitle')}>
      <h1 class="kern-heading-large">{t.t('statusSignIn.mineTitle')}</h1>
      <p class="kern-body">
        {t.t('statusSignIn.signedInAs', { email: address, time: formatMoment(t.locale, endsAt) })}
      </p>
      {cases.length === 0 ? (
        <p class="kern-body">{t.t('statusSignIn.none')}</p>
      ) : (
        <ul class="kern-list site-section">
          {cases.map((c) => (
            <li key={c.reference}>
              <h2 class="kern-heading-small">
                <a class="kern-link" href={href(page, `/status/mine/${c.reference}`)}>
                  {t.t('statusSignIn.open', { reference: c.reference })}
                </a>
              </h2>
              <DescriptionList
                items={[
                  { key: t.t('status.service'), value: c.serviceName },
                  { key: t.t('status.now'), value: <span data-state={c.state}>{t.t(`case.state.${c.state}`)}</span> },
                  { key: t.t('status.receivedAt'), value: formatMoment(t.locale, c.receivedAt) },
                ]}
              />
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={href(page, '/status/sign-out')}>
        <input type="hidden" name="_csrf" value={csrf} />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('statusSignIn.signOut')}</span>
        </button>
      </form>
    </Layout>
  );
}
