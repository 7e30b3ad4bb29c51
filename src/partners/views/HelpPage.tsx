import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import type { PartnerEntry } from '../directory.js';
import { PARTNER_KINDS } from '../partner-kinds.js';
import { PartnerCard } from './PartnerViews.js';

/**
 * "Help nearby" (`/{locale}/help`): the partner organisations by need (their kind), each with what it
 * offers, address, hours, languages and contact. A plain page without a map: it works on any phone,
 * read aloud, and printed.
 */
export function HelpPage({ page, partners }: { page: Page; partners: readonly PartnerEntry[] }) {
  const { t } = page;
  const groups = PARTNER_KINDS.map((kind) => ({ kind, partners: partners.filter((p) => p.kind === kind) })).filter(
    (g) => g.partners.length > 0,
  );
  return (
    <Layout page={page} title={t.t('partners.help.title')}>
      <h1 class="kern-heading-large">{t.t('partners.help.title')}</h1>
      <p class="kern-body kern-body--large">{t.t('partners.help.intro')}</p>
      {groups.length === 0 ? (
        <p class="kern-body">{t.t('partners.help.none')}</p>
      ) : (
        <nav aria-labelledby="help-needs">
          <h2 class="kern-heading-medium" id="help-needs">
            {t.t('partners.help.needs')}
          </h2>
          <ul class="kern-list">
            {groups.map((g) => (
              <li key={g.kind}>
                <a class="kern-link" href={`#need-${g.kind}`}>
                  {t.t(`partners.kind.${g.kind}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {groups.map((g) => (
        <section key={g.kind} class="site-section" aria-labelledby={`need-${g.kind}`} data-kind={g.kind}>
          <h2 class="kern-heading-medium" id={`need-${g.kind}`}>
            {t.t(`partners.kind.${g.kind}`)}
          </h2>
          {g.partners.map((p) => (
            <PartnerCard key={p.id} page={page} partner={p} />
          ))}
        </section>
      ))}
    </Layout>
  );
}
