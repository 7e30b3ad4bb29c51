import { languageName } from '../../platform/i18n/language-names.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { BarChart } from '../../platform/reports/BarChart.js';
import { TableHead } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { Suggestion } from '../language-coverage.js';
import type { CoverageReport } from '../read-language-coverage.js';

export function suggestionKey(suggestion: Suggestion): StaffMessageKey {
  return `competences.suggestion.${suggestion}`;
}

export function locationLabel(page: StaffPage, report: CoverageReport, locationId: string | null): string {
  if (locationId === null) return page.t.t('competences.online');
  return report.locations.find((l) => l.id === locationId)?.name ?? locationId;
}

const percent = (locale: string, share: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** Language coverage per location and weekday: the gaps first, as sentences, then the whole table. */
export function LanguagesReportPage({ page, report }: { page: StaffPage; report: CoverageReport }) {
  const { t } = page;
  const title = t.t('competences.coverage.title');
  return (
    <StaffLayout page={page} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{t.t('competences.coverage.intro', { since: report.since })}</p>
      <p class="kern-body">
        <a class="kern-link" href="/staff/reports/languages.csv">
          {t.t('competences.csv.download')}
        </a>
        {' · '}
        <a class="kern-link" href="/staff/reports">
          {t.t('competences.reports')}
        </a>
      </p>
      <section class="site-section" aria-labelledby="gaps">
        <h2 class="kern-heading-medium" id="gaps">
          {t.t('competences.gaps', { count: report.gaps.length })}
        </h2>
        {report.gaps.length === 0 ? (
          <p class="kern-body">{t.t('competences.noGaps')}</p>
        ) : (
          <>
            <BarChart
              title={t.t('competences.gaps', { count: report.gaps.length })}
              bars={report.gaps.map((g) => ({
                label: `${languageName(g.language.language, t.locale)} · ${t.weekday(g.cell.weekday)} · ${locationLabel(page, report, g.cell.locationId)}`,
                value: g.language.share,
                display: percent(t.locale, g.language.share),
              }))}
            />
            <ul class="kern-list">
              {report.gaps.map((g) => (
                <li key={`${g.cell.locationId}|${g.cell.weekday}|${g.language.language}`} class="kern-body">
                  {t.t('competences.gap', {
                    language: languageName(g.language.language, t.locale),
                    share: percent(t.locale, g.language.share),
                    weekday: t.weekday(g.cell.weekday),
                    location: locationLabel(page, report, g.cell.locationId),
                  })}{' '}
                  {g.language.suggestion ? t.t(suggestionKey(g.language.suggestion)) : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="site-section" aria-labelledby="coverage">
        <h2 class="kern-heading-medium" id="coverage">
          {t.t('competences.coverage.table')}
        </h2>
        <div class="kern-table-responsive">
          <table class="kern-table">
            <caption class="site-visually-hidden">{t.t('competences.coverage.table')}</caption>
            <TableHead
              page={page}
              columns={[
                'competences.col.location',
                'competences.col.weekday',
                'competences.col.language',
                'competences.col.requests',
                'competences.col.share',
                'competences.col.speakers',
                'competences.col.interpreters',
                'competences.col.gap',
              ]}
            />
            <tbody class="kern-table__body">
              {report.cells.flatMap((cell) =>
                cell.languages.map((l) => (
                  <tr key={`${cell.locationId}|${cell.weekday}|${l.language}`} class="kern-table__row">
                    <td class="kern-table__cell">{locationLabel(page, report, cell.locationId)}</td>
                    <td class="kern-table__cell">{t.weekday(cell.weekday)}</td>
                    <th scope="row" class="kern-table__cell">
                      {languageName(l.language, t.locale)}
                    </th>
                    <td class="kern-table__cell">{l.count}</td>
                    <td class="kern-table__cell">{percent(t.locale, l.share)}</td>
                    <td class="kern-table__cell">{l.speakers}</td>
                    <td class="kern-table__cell">{l.interpreters}</td>
                    <td class="kern-table__cell">
                      {l.gap && l.suggestion
                        ? `${t.t('competences.csv.yes')}: ${t.t(suggestionKey(l.suggestion))}`
                        : '–'}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </StaffLayout>
  );
}
