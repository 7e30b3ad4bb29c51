import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import type { ProcessingTimes } from '../list-processing-times.js';

/** The public processing times: a table per service (the table is the truth; no chart needed here). */
export function ProcessingTimesPage({ page, times }: { page: Page; times: ProcessingTimes }) {
  const { t } = page;
  const day = new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeZone: 'UTC' });
  const date = (d: string) => day.format(new Date(`${d}T00:00:00Z`));
  const days = (value: number | null) =>
    value === null ? t.t('reports.public.notEnough') : t.t('reports.public.days', { days: value });
  return (
    <Layout page={page} title={t.t('reports.public.title')}>
      <h1 class="kern-heading-large">{t.t('reports.public.title')}</h1>
      <p class="kern-body kern-body--large">{t.t('reports.public.intro')}</p>
      <p class="kern-body">
        {times.period
          ? t.t('reports.public.period', { from: date(times.period.from), to: date(times.period.to) })
          : t.t('reports.public.empty')}
      </p>
      <p class="kern-body">{t.t('reports.public.method', { minimum: times.minimumCases })}</p>
      <div class="site-table-wrap">
        <table class="kern-table kern-table--small">
          <caption class="kern-title">{t.t('reports.public.caption')}</caption>
          <thead class="kern-table__header">
            <tr class="kern-table__row">
              <th class="kern-table__header" scope="col">
                {t.t('reports.public.col.service')}
              </th>
              <th class="kern-table__header" scope="col">
                {t.t('reports.public.col.median')}
              </th>
              <th class="kern-table__header" scope="col">
                {t.t('reports.public.col.p80')}
              </th>
              <th class="kern-table__header" scope="col">
                {t.t('reports.public.col.cases')}
              </th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {times.services.map((s) => (
              <tr class="kern-table__row" key={s.id}>
                <th class="kern-table__cell" scope="row">
                  <a class="kern-link" href={href(page, `/services/${s.slug}`)}>
                    {s.name}
                  </a>
                </th>
                <td class="kern-table__cell">{days(s.medianDays)}</td>
                <td class="kern-table__cell">{days(s.p80Days)}</td>
                <td class="kern-table__cell">{t.number(s.cases)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
