import { ENDONYMS, isLocale } from '../../platform/i18n/locales.js';
import { SelectField } from '../../platform/layout/components.js';
import { BarChart } from '../../platform/reports/BarChart.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { SurveyQuestion } from '../questionnaire.js';
import { DIMENSIONS, type Dimension, type FigureRow, type SatisfactionFigures } from '../satisfaction-figures.js';

export interface FigureQuery {
  readonly from: string;
  readonly to: string;
  readonly location: string;
  readonly service: string;
  readonly question: string;
}

/** The group's name as the table and the CSV print it (channel and language codes in words). */
export function groupLabel(page: StaffPage, dimension: Dimension, row: FigureRow): string {
  if (dimension === 'channel') return page.t.t(`feedback.channel.${row.key as 'online'}`);
  if (dimension === 'locale') return isLocale(row.key) ? ENDONYMS[row.key] : row.key;
  if (dimension === 'location' && row.key === '') return page.t.t('feedback.figures.noLocation');
  return row.label;
}

export function formatMean(page: StaffPage, mean: number): string {
  return mean.toLocaleString(page.t.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Customer satisfaction per service, location, channel and language: filters, tables with charts, CSV. */
export function SatisfactionPage({
  page,
  figures,
  questions,
  query,
  csvHref,
}: {
  page: StaffPage;
  figures: SatisfactionFigures;
  questions: readonly SurveyQuestion[];
  query: FigureQuery;
  csvHref: string;
}) {
  const { t } = page;
  const title = t.t('feedback.figures.title');
  return (
    <StaffLayout page={page} title={title}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/reports">
          {t.t('feedback.figures.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{t.t('feedback.figures.intro')}</p>
      <form method="get" action="/staff/reports/satisfaction" class="site-inline-form">
        <div class="kern-form-input">
          <label class="kern-label" for="from">
            {t.t('feedback.figures.from')}
          </label>
          <input class="kern-form-input__input" type="month" id="from" name="from" value={query.from} />
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="to">
            {t.t('feedback.figures.to')}
          </label>
          <input class="kern-form-input__input" type="month" id="to" name="to" value={query.to} />
        </div>
        <SelectField
          id="location"
          label={t.t('feedback.figures.location')}
          value={query.location}
          options={[
            { value: '', label: t.t('feedback.figures.all') },
            ...figures.locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
        <SelectField
          id="service"
          label={t.t('feedback.figures.service')}
          value={query.service}
          options={[
            { value: '', label: t.t('feedback.figures.all') },
            ...figures.services.map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <SelectField
          id="question"
          label={t.t('feedback.figures.question')}
          value={query.question}
          options={questions.filter((q) => q.kind === 'scale').map((q) => ({ value: q.key, label: q.text }))}
        />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('feedback.figures.apply')}</span>
        </button>
      </form>
      <p class="kern-body">
        {t.t('feedback.figures.total', { count: figures.total.count, mean: formatMean(page, figures.total.mean) })}{' '}
        <a class="kern-link" href={csvHref} download>
          {t.t('feedback.figures.csv')}
        </a>
      </p>
      {DIMENSIONS.map((dimension) => (
        <FigureTable key={dimension} page={page} dimension={dimension} rows={figures.by[dimension]} />
      ))}
      <h2 class="kern-heading-medium">{t.t('feedback.figures.comments')}</h2>
      {figures.comments.length === 0 ? (
        <p class="kern-body">{t.t('feedback.figures.noComments')}</p>
      ) : (
        <ul class="kern-list">
          {figures.comments.map((c, i) => (
            <li key={i} class="kern-body">
              <span>{`${c.month} · ${c.service}: `}</span>
              <bdi>{c.text}</bdi>
            </li>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
}

function FigureTable({ page, dimension, rows }: { page: StaffPage; dimension: Dimension; rows: readonly FigureRow[] }) {
  const { t } = page;
  const caption = t.t(`feedback.figures.by.${dimension}`);
  return (
    <section aria-labelledby={`by-${dimension}`}>
      <h2 class="kern-heading-medium" id={`by-${dimension}`}>
        {caption}
      </h2>
      {rows.length === 0 ? (
        <p class="kern-body">{t.t('feedback.figures.none')}</p>
      ) : (
        <>
          <BarChart
            title={t.t('feedback.figures.chart', { group: caption })}
            max={5}
            bars={rows.map((r) => ({
              label: groupLabel(page, dimension, r),
              value: r.mean,
              display: formatMean(page, r.mean),
            }))}
          />
          <div class="site-table-wrap">
            <table class="kern-table site-table">
              <caption class="site-visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.t('feedback.figures.group')}</th>
                  <th scope="col">{t.t('feedback.figures.count')}</th>
                  <th scope="col">{t.t('feedback.figures.mean')}</th>
                  {[1, 2, 3, 4, 5].map((score) => (
                    <th key={score} scope="col">
                      {t.t('feedback.figures.score', { score })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{groupLabel(page, dimension, r)}</th>
                    <td>{r.count}</td>
                    <td>{formatMean(page, r.mean)}</td>
                    {r.distribution.map((n, i) => (
                      <td key={i}>{n}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
