import type { ComponentChildren } from 'preact';
import { ENDONYMS, LOCALES } from '../i18n/locales.js';
import { assetHref } from '../assets/registry.js';
import { href, type NavItem, type Page } from './page.js';

interface Props {
  page: Page;
  title: string;
  nav?: NavItem;
  /** Named script assets that enhance the page (it works without them). */
  scripts?: readonly string[];
  children: ComponentChildren;
}

const NAV: readonly {
  item: NavItem;
  path: string;
  label: 'nav.start' | 'nav.services' | 'nav.guide' | 'nav.pathway' | 'nav.easy';
}[] = [
  { item: 'start', path: '/', label: 'nav.start' },
  { item: 'services', path: '/services', label: 'nav.services' },
  { item: 'guide', path: '/guide', label: 'nav.guide' },
  { item: 'pathway', path: '/pathway', label: 'nav.pathway' },
  { item: 'easy', path: '/easy', label: 'nav.easy' },
];

function Flag() {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
      <path fill="#000" d="M0 .5h24v5.333H0z" />
      <path fill="red" d="M0 5.833h24v5.333H0z" />
      <path fill="#FACA2C" d="M0 11.167h24V16.5H0z" />
    </svg>
  );
}

function LanguageSwitcher({ page }: { page: Page }) {
  return (
    <nav class="site-languages" aria-label={page.t.t('nav.languages')}>
      <ul class="kern-list kern-list--horizontal">
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === page.t.locale ? (
              <span class="site-languages__current" lang={locale} aria-current="true">
                {ENDONYMS[locale]}
              </span>
            ) : (
              <a class="kern-link" href={`/${locale}${page.path}`} hreflang={locale} lang={locale}>
                {ENDONYMS[locale]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout({ page, title, nav, scripts = [], children }: Props) {
  const { t } = page;
  return (
    <html lang={t.locale} dir={t.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${page.siteName}`}</title>
        <meta name="description" content={page.tagline} />
        <link rel="stylesheet" href={assetHref('site.css')} />
        {scripts.map((name) => (
          <script key={name} src={assetHref(name)} defer />
        ))}
        {LOCALES.map((locale) => (
          <link key={locale} rel="alternate" hreflang={locale} href={`/${locale}${page.path}`} />
        ))}
      </head>
      <body>
        <a class="site-skip kern-link" href="#main">
          {t.t('nav.skip')}
        </a>
        <div class="kern-kopfzeile">
          <div class="kern-container">
            <div class="kern-kopfzeile__content">
              <span class="kern-kopfzeile__flagge">
                <Flag />
              </span>
              <span class="kern-kopfzeile__label">{t.t('site.official')}</span>
            </div>
          </div>
        </div>
        <header class="site-header">
          <div class="kern-container site-header__inner">
            <a class="site-header__name" href={href(page, '/')}>
              {page.siteName}
            </a>
            <LanguageSwitcher page={page} />
          </div>
          <div class="kern-container">
            <nav aria-label={t.t('nav.main')}>
              <ul class="kern-list kern-list--horizontal site-nav">
                {NAV.map((entry) => (
                  <li key={entry.item}>
                    <a
                      class="kern-link"
                      href={href(page, entry.path)}
                      aria-current={entry.item === nav ? 'page' : undefined}
                    >
                      {t.t(entry.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="kern-container site-main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="kern-container">
            <ul class="kern-list kern-list--horizontal">
              <li>
                <a class="kern-link" href={href(page, '/accessibility')}>
                  {t.t('nav.accessibility')}
                </a>
              </li>
              <li>
                <a class="kern-link" href={href(page, '/easy')}>
                  {t.t('nav.easy')}
                </a>
              </li>
              <li>
                <a class="kern-link" href={href(page, '/help')}>
                  {t.t('partners.nav')}
                </a>
              </li>
              <li>
                <a class="kern-link" href="/api/openapi.json">
                  {t.t('nav.api')}
                </a>
              </li>
            </ul>
            <p class="kern-body kern-body--small">{page.siteName}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
