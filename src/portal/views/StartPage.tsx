import type { Location } from '../../authorities/list-locations.js';
import { LocationDetails } from '../../authorities/views/LocationDetails.js';
import { SearchForm } from '../../catalog/views/SearchForm.js';
import { Alert } from '../../platform/layout/components.js';
import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';

function EntryCard({
  page,
  path,
  title,
  text,
  icon,
}: {
  page: Page;
  path: string;
  title: string;
  text: string;
  icon: string;
}) {
  return (
    <article class="kern-card">
      <div class="kern-card__container">
        <header class="kern-card__header">
          <span class={`kern-icon ${icon} kern-icon--large`} aria-hidden="true" />
          <h3 class="kern-title">
            <a class="kern-link kern-link--stretched" href={href(page, path)}>
              {title}
            </a>
          </h3>
        </header>
        <section class="kern-card__body">
          <p class="kern-body">{text}</p>
        </section>
      </div>
    </article>
  );
}

export function StartPage({ page, locations }: { page: Page; locations: readonly Location[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('start.title')} nav="start">
      <h1 class="kern-heading-x-large">{page.siteName}</h1>
      <p class="kern-body kern-body--large">{page.tagline}</p>
      <p class="kern-body">{t.t('start.welcome')}</p>
      <SearchForm page={page} id="start-q" />
      <section class="site-section" aria-labelledby="start-ways">
        <h2 class="kern-heading-medium" id="start-ways">
          {t.t('start.waysTitle')}
        </h2>
        <ul class="site-cards">
          <li>
            <EntryCard
              page={page}
              path="/services"
              icon="kern-icon--checklist"
              title={t.t('start.catalogTitle')}
              text={t.t('start.catalogText')}
            />
          </li>
          <li>
            <EntryCard
              page={page}
              path="/guide"
              icon="kern-icon--help"
              title={t.t('start.guideTitle')}
              text={t.t('start.guideText')}
            />
          </li>
          <li>
            <EntryCard
              page={page}
              path="/easy"
              icon="kern-icon--easy-language"
              title={t.t('start.easyTitle')}
              text={t.t('start.easyText')}
            />
          </li>
          <li>
            <EntryCard
              page={page}
              path="/status"
              icon="kern-icon--draft"
              title={t.t('start.statusTitle')}
              text={t.t('start.statusText')}
            />
          </li>
          <li>
            <EntryCard
              page={page}
              path="/help"
              icon="kern-icon--info"
              title={t.t('partners.start.title')}
              text={t.t('partners.start.text')}
            />
          </li>
        </ul>
      </section>
      <Alert kind="info" title={t.t('start.renewTitle')}>
        <p class="kern-body">{t.t('start.renewText')}</p>
      </Alert>
      <section class="site-section" aria-labelledby="start-locations">
        <h2 class="kern-heading-medium" id="start-locations">
          {t.t('start.locationsTitle')}
        </h2>
        {locations.map((location) => (
          <LocationDetails key={location.id} t={t} location={location} />
        ))}
      </section>
    </Layout>
  );
}
