import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import type { ServiceSummary } from '../service.js';
import { SearchForm } from './SearchForm.js';
import { ServiceCard } from './ServiceCard.js';

export function CatalogPage({
  page,
  services,
  query,
}: {
  page: Page;
  services: readonly ServiceSummary[];
  query: string;
}) {
  const { t } = page;
  const searching = query.trim() !== '';
  return (
    <Layout
      page={page}
      title={searching ? t.t('catalog.resultsTitle', { query }) : t.t('catalog.title')}
      nav="services"
    >
      <h1 class="kern-heading-large">{t.t('catalog.title')}</h1>
      <p class="kern-body kern-body--large">{t.t('catalog.intro')}</p>
      <SearchForm page={page} query={query} />
      <section class="site-section" aria-labelledby="results">
        <h2 class="kern-heading-medium" id="results" aria-live="polite">
          {searching
            ? t.t('catalog.resultCount', { count: services.length, query })
            : t.t('catalog.all', { count: services.length })}
        </h2>
        {services.length === 0 ? (
          <p class="kern-body">
            {t.t('catalog.noResults')}{' '}
            <a class="kern-link" href={href(page, '/guide')}>
              {t.t('catalog.tryGuide')}
            </a>
          </p>
        ) : (
          <ul class="site-cards">
            {services.map((service) => (
              <li key={service.id}>
                <ServiceCard page={page} service={service} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
