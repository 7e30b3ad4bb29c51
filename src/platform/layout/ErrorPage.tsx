import { ENDONYMS, LOCALES } from '../i18n/locales.js';
import { Layout } from './Layout.js';
import { href, type Page } from './page.js';

export type ErrorKind = 'notFound' | 'badRequest' | 'tooLarge' | 'tooMany' | 'expiredForm' | 'unavailable' | 'internal';

/** An error in plain words with a way on; for an unknown language, links to all seven. */
export function ErrorPage({ page, kind, showLanguages }: { page: Page; kind: ErrorKind; showLanguages: boolean }) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t(`error.${kind}.title`)}>
      <h1 class="kern-heading-large">{t.t(`error.${kind}.title`)}</h1>
      <p class="kern-body">{t.t(`error.${kind}.text`)}</p>
      {showLanguages ? (
        <section class="site-section" aria-labelledby="languages">
          <h2 class="kern-heading-medium" id="languages">
            {t.t('error.chooseLanguage')}
          </h2>
          <ul class="kern-list site-languages-list">
            {LOCALES.map((locale) => (
              <li key={locale}>
                <a class="kern-link" href={`/${locale}/`} hreflang={locale} lang={locale}>
                  {ENDONYMS[locale]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href={href(page, '/')}>
          {t.t('error.toStart')}
        </a>
      </p>
    </Layout>
  );
}
