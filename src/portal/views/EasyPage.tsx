import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';

import type { MessageKey } from '../../platform/i18n/catalogues.js';

const WHAT = ['easy.what.1', 'easy.what.2', 'easy.what.3', 'easy.what.4'] as const;
const HOW = ['easy.how.1', 'easy.how.2', 'easy.how.3', 'easy.how.4'] as const;

function EasyList({
  page,
  id,
  title,
  items,
}: {
  page: Page;
  id: string;
  title: MessageKey;
  items: readonly MessageKey[];
}) {
  return (
    <section class="site-section" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {page.t.t(title)}
      </h2>
      <ul class="kern-list kern-list--bullet kern-list--large">
        {items.map((key) => (
          <li key={key} class="kern-body kern-body--large">
            {page.t.t(key)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Leichte Sprache (easy German) in German; an easy-to-read explanation in the other languages (BITV 2.0 § 4). */
export function EasyPage({ page }: { page: Page }) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('easy.title')} nav="easy">
      <h1 class="kern-heading-large">
        <span class="kern-icon kern-icon--easy-language kern-icon--large" aria-hidden="true" /> {t.t('easy.title')}
      </h1>
      <p class="kern-body kern-body--large">{t.t('easy.intro')}</p>
      <EasyList page={page} id="easy-what" title="easy.what.title" items={WHAT} />
      <EasyList page={page} id="easy-how" title="easy.how.title" items={HOW} />
      <section class="site-section" aria-labelledby="easy-help">
        <h2 class="kern-heading-medium" id="easy-help">
          {t.t('easy.help.title')}
        </h2>
        <p class="kern-body kern-body--large">{t.t('easy.help.text')}</p>
        <p class="kern-body kern-body--large">
          <a class="kern-link" href={href(page, '/services')}>
            {t.t('easy.help.services')}
          </a>
        </p>
        <p class="kern-body kern-body--large">
          {t.t('easy.pathway.text')}{' '}
          <a class="kern-link" href={href(page, '/pathway?easy=1')}>
            {t.t('nav.pathway')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
