import { BarChart } from '../../platform/reports/BarChart.js';
import { Alert, ErrorSummary, Field } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import type { Cell, FigureTable, ReportPageId } from '../figure-tables.js';
import type { FilterError, FilterQuery } from '../report-filter.js';
import type { Choice } from '../show-report.js';

export interface FiguresView {
  readonly id: ReportPageId;
  readonly tables: readonly FigureTable[];
  readonly locations: readonly Choice[];
  readonly services: readonly Choice[];
  /** What was typed, shown again as typed (also when wrong). */
  readonly query: FilterQuery;
  /** The filter as query parameters, for the CSV and PDF links. */
  readonly filterQuery: string;
  readonly period: { from: string; to: string };
  readonly errors: readonly FilterError[];
}

export function FiguresPage({ page, view }: { page: StaffPage; view: FiguresView }) {
  const { t } = page;
  const title = t.t(`reports.page.${view.id}` as StaffMessageKey);
  const errors = view.errors.map((e) => ({
    field: e.field,
    message: t.t(e.problem === 'order' ? 'reports.error.order' : 'reports.error.date'),
  }));
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <StaffLayout page={page} title={title}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/reports">
          {t.t('reports.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      <ErrorSummary title={t.t('staff.form.errorSummary')} errors={errors} />
      <p class="kern-body">{t.t('reports.period', view.period)}</p>
      <form class="site-search" method="get" action={`/staff/reports/${view.id}`} aria-label={t.t('reports.filters')}>
        <Field id="from" label={t.t('reports.from')} {...optional(errorOf('from'))}>
          <input class="kern-form-input__input" type="date" id="from" name="from" value={view.query.from ?? ''} />
        </Field>
        <Field id="to" label={t.t('reports.to')} {...optional(errorOf('to'))}>
          <input class="kern-form-input__input" type="date" id="to" name="to" value={view.query.to ?? ''} />
        </Field>
        <Picker
          id="location"
          label={t.t('reports.location')}
          all={t.t('reports.all')}
          choices={view.locations}
          value={view.query.location}
        />
        <Picker
          id="service"
          label={t.t('reports.service')}
          all={t.t('reports.all')}
          choices={view.services}
          value={view.query.service}
        />
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('reports.apply')}</span>
        </button>
      </form>
      {view.id === 'processing' ? <Alert kind="info" title={t.t('reports.processing.noLocation')} /> : null}
      {view.tables.map((table) => (
        <FigureSection
          key={table.id}
          page={page}
          table={table}
          csv={`/staff/reports/${view.id}/${table.id}.csv?${view.filterQuery}`}
        />
      ))}
      <p class="kern-body">
        <a class="kern-link" href={`/staff/reports/summary.pdf?${view.filterQuery}`}>
          {t.t('reports.pdf')}
        </a>
      </p>
    </StaffLayout>
  );
}

function optional(error: string | undefined): { error?: string } {
  return error ? { error } : {};
}

function Picker({
  id,
  label,
  all,
  choices,
  value,
}: {
  id: string;
  label: string;
  all: string;
  choices: readonly Choice[];
  value: string | undefined;
}) {
  return (
    <Field id={id} label={label}>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id={id} name={id}>
          <option value="">{all}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id} selected={c.id === value}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

function FigureSection({ page, table, csv }: { page: StaffPage; table: FigureTable; csv: string }) {
  const { t } = page;
  const number = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 });
  const show = (cell: Cell) => (cell === null ? '–' : typeof cell === 'number' ? number.format(cell) : cell);
  const headingId = `table-${table.id}`;
  const chart = table.chartColumn;
  return (
    <section aria-labelledby={headingId}>
      <h2 class="kern-heading-medium" id={headingId}>
        {table.title}
      </h2>
      {table.rows.length === 0 ? (
        <p class="kern-body">{t.t('reports.empty')}</p>
      ) : (
        <>
          {chart !== undefined ? (
            <BarChart
              title={`${table.title}: ${table.columns[chart]}`}
              bars={table.rows.map((row) => ({
                label: (table.labelColumns ?? [0]).map((i) => String(row[i] ?? '')).join(' · '),
                value: typeof row[chart] === 'number' ? row[chart] : 0,
                display: show(row[chart] ?? null),
              }))}
            />
          ) : null}
          <div class="site-table-wrap">
            <table class="kern-table kern-table--small" aria-labelledby={headingId}>
              <thead class="kern-table__header">
                <tr class="kern-table__row">
                  {table.columns.map((column) => (
                    <th key={column} class="kern-table__header" scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {table.rows.map((row, i) => (
                  <tr class="kern-table__row" key={i}>
                    {row.map((cell, j) =>
                      j === 0 ? (
                        <th key={j} class="kern-table__cell" scope="row">
                          {show(cell)}
                        </th>
                      ) : (
                        <td
                          key={j}
                          class={`kern-table__cell${typeof cell === 'number' ? ' kern-table__cell--numeric' : ''}`}
                        >
                          {show(cell)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href={csv} download>
          {t.t('reports.csv', { title: table.title })}
        </a>
      </p>
    </section>
  );
}
