import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import { answersQuery } from '../answers-form.js';
import type { PathwayCheck } from '../check-pathways.js';
import { PathwayForm } from './PathwayForm.js';
import { PartnersPlace, PathwayResults } from './PathwayResults.js';

/** The public pathway check: questions, and below them (once answered) the pathways; plain or easy words. */
export function PathwayPage({ page, check, easy }: { page: Page; check: PathwayCheck; easy: boolean }) {
  const { t } = page;
  const { parsed } = check;
  const booking = href(page, '/appointments/advice-appointment');
  const query = answersQuery(parsed.values);
  return (
    <Layout page={page} title={t.t('pathway.title')} nav="pathway">
      <h1 class="kern-heading-large">{t.t('pathway.title')}</h1>
      <p class="kern-body kern-body--large">{t.t(easy ? 'pathway.easy.intro' : 'pathway.intro')}</p>
      <p class="kern-body">{t.t('pathway.notStored')}</p>
      {t.locale === 'de' && !easy ? (
        <p class="kern-body">
          <a class="kern-link" href={href(page, `/pathway?easy=1${query ? `&${query}` : ''}`)}>
            <span class="kern-icon kern-icon--easy-language kern-icon--small" aria-hidden="true" />{' '}
            {t.t('pathway.easyLink')}
          </a>
        </p>
      ) : null}
      {parsed.kind === 'answered' ? (
        <>
          <PathwayResults
            t={t}
            results={check.results}
            documents={check.documents}
            today={check.today}
            rulesDate={check.rulesDate}
            easy={easy}
            links={{ service: (slug) => href(page, `/services/${slug}`), booking }}
          />
          <p class="kern-body">
            <a class="kern-btn kern-btn--secondary" href={href(page, `/pathway/result.pdf?${query}`)} download>
              <span class="kern-label">{t.t('pathway.pdf')}</span>
            </a>
          </p>
          <PartnersPlace page={page} partners={check.partners} booking={booking} />
          <h2 class="kern-heading-medium" id="pathway-change">
            {t.t('pathway.change')}
          </h2>
        </>
      ) : null}
      <PathwayForm
        t={t}
        action={href(page, '/pathway')}
        values={parsed.values}
        errors={parsed.kind === 'invalid' ? parsed.errors : []}
        hidden={easy ? { easy: '1' } : {}}
      />
    </Layout>
  );
}
