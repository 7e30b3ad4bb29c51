import { Alert, ErrorSummary } from '../../platform/layout/components.js';
import { BarChart } from '../../platform/reports/BarChart.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { StaffingFigures } from '../show-staffing-need.js';
import { type FieldError, SERVICE_FIELDS, type ServiceField, serviceField } from '../staffing-form.js';
import {
  calculationSteps,
  COLUMNS,
  numberFormat,
  resultLine,
  scenarioLines,
  sourceLines,
  tableRows,
} from '../staffing-report.js';

export interface StaffingView {
  readonly page: StaffPage;
  readonly figures: StaffingFigures;
  /** Errors of the settings form or of the scenario, with what was typed. */
  readonly errors: readonly FieldError[];
  readonly typed: Readonly<Record<string, string | undefined>> | null;
  readonly scenarioQuery: { readonly scenarioService: string; readonly scenarioPercent: string };
  readonly saved: boolean;
}

export function StaffingPage(view: StaffingView) {
  const { page, figures, errors } = view;
  const { t } = page;
  const messages = errors.map((e) => ({ field: e.field, message: errorText(view, e) }));
  const query = new URLSearchParams(
    Object.entries(view.scenarioQuery).filter(([, v]) => v !== '') as [string, string][],
  ).toString();
  const suffix = query ? `?${query}` : '';
  return (
    <StaffLayout page={page} title={t.t('staffing.title')}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/reports">
          {t.t('staffing.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{t.t('staffing.title')}</h1>
      <ErrorSummary title={t.t('staff.form.errorSummary')} errors={messages} />
      {view.saved ? <Alert kind="success" title={t.t('staffing.saved')} /> : null}
      <p class="kern-body">{t.t('staffing.intro')}</p>
      <p class="kern-body kern-body--bold" id="staffing-result">
        {resultLine(figures.need, t)}
      </p>
      <Table view={view} />
      <BarChart
        title={t.t('staffing.chart')}
        bars={figures.need.services.map((s) => ({ label: s.name, value: s.fte, display: numberFormat(t)(s.fte) }))}
      />
      <p class="kern-body">
        <a class="kern-link" href={`/staff/reports/staffing.csv${suffix}`} download>
          {t.t('staffing.download.csv')}
        </a>
        {' · '}
        <a class="kern-link" href={`/staff/reports/staffing.pdf${suffix}`} download>
          {t.t('staffing.download.pdf')}
        </a>
      </p>
      <ScenarioForm view={view} />
      <section class="site-section" aria-labelledby="staffing-steps">
        <h2 class="kern-heading-medium" id="staffing-steps">
          {t.t('staffing.steps.title')}
        </h2>
        <ol class="kern-list kern-list--numbered">
          {calculationSteps(figures, t).map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <h3 class="kern-heading-small">{t.t('staffing.sources.title')}</h3>
        <ul class="kern-list">
          {sourceLines(figures, t).map((line) => (
            <li key={line.text}>
              {line.text}{' '}
              {line.url ? (
                <a class="kern-link" href={line.url} rel="noreferrer">
                  {t.t('staffing.source.link')}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {figures.mayPlan ? <SettingsForm view={view} /> : null}
    </StaffLayout>
  );
}

function Table({ view }: { view: StaffingView }) {
  const { t } = view.page;
  const { figures } = view;
  const n = numberFormat(t);
  const rows = tableRows(figures.need, t, figures.scenario?.need ?? null);
  const header = [...COLUMNS.map((key) => t.t(key)), ...(figures.scenario ? [t.t('staffing.col.scenarioFte')] : [])];
  return (
    <div class="site-table-wrap">
      <table class="kern-table site-table">
        <caption class="kern-heading-small" id="staffing-caption">
          {t.t('staffing.table.caption')}
        </caption>
        <thead>
          <tr>
            {header.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={String(row[0]) + String(i)}>
              <th scope="row">{row[0]}</th>
              {row.slice(1).map((cell, j) => (
                <td key={header[j + 1]}>{typeof cell === 'number' ? n(cell) : ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScenarioForm({ view }: { view: StaffingView }) {
  const { t } = view.page;
  const err = (field: string) => view.errors.find((e) => e.field === field);
  const serviceError = err('scenarioService');
  const percentError = err('scenarioPercent');
  return (
    <section class="site-section" aria-labelledby="staffing-scenario">
      <h2 class="kern-heading-medium" id="staffing-scenario">
        {t.t('staffing.scenario.title')}
      </h2>
      <p class="kern-body">{t.t('staffing.scenario.intro')}</p>
      {scenarioLines(view.figures, t).map((line) => (
        <p class="kern-body kern-body--bold" key={line}>
          {line}
        </p>
      ))}
      <form method="get" action="/staff/reports/staffing" class="site-inline-form">
        <div class="kern-form-input">
          <label class="kern-label" for="scenarioService">
            {t.t('staffing.scenario.service')}
          </label>
          {serviceError ? <ErrorText id="scenarioService" text={errorText(view, serviceError)} /> : null}
          <div class="kern-form-input__select-wrapper">
            <select
              class="kern-form-input__select"
              id="scenarioService"
              name="scenarioService"
              {...(serviceError ? { 'aria-invalid': 'true', 'aria-describedby': 'scenarioService-error' } : {})}
            >
              <option value="">{t.t('staffing.scenario.choose')}</option>
              {view.figures.services.map((s) => (
                <option
                  key={s.serviceId}
                  value={s.serviceId}
                  selected={view.scenarioQuery.scenarioService === s.serviceId}
                >
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <NumberInput
          id="scenarioPercent"
          label={t.t('staffing.scenario.percent')}
          value={view.scenarioQuery.scenarioPercent}
          error={percentError ? errorText(view, percentError) : undefined}
        />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('staffing.scenario.submit')}</span>
        </button>
      </form>
      <AdoptForm view={view} />
    </section>
  );
}

/** Keeping the scenario shown: its figures go along, so a second click changes nothing more. */
function AdoptForm({ view }: { view: StaffingView }) {
  const { t, staff } = view.page;
  const { figures } = view;
  if (!figures.mayPlan || !figures.scenario) return null;
  const { serviceId, percent } = figures.scenario.scenario;
  const current = figures.need.services.find((s) => s.serviceId === serviceId);
  if (!current) return null;
  return (
    <form method="post" action="/staff/reports/staffing/scenario">
      <input type="hidden" name="_csrf" value={staff?.csrf ?? ''} />
      <input type="hidden" name="scenarioService" value={serviceId} />
      <input type="hidden" name="scenarioPercent" value={String(percent)} />
      <input type="hidden" name="fromVisits" value={String(current.visits)} />
      <input type="hidden" name="fromCases" value={String(current.cases)} />
      <p class="kern-body">{t.t('staffing.scenario.adoptHint')}</p>
      <button class="kern-btn kern-btn--secondary" type="submit">
        <span class="kern-label">{t.t('staffing.scenario.adopt')}</span>
      </button>
    </form>
  );
}

function SettingsForm({ view }: { view: StaffingView }) {
  const { t, staff } = view.page;
  const { figures } = view;
  const n = numberFormat(t);
  const value = (field: string, stored: number | null) =>
    view.typed ? (view.typed[field] ?? '') : stored === null ? '' : plain(stored, t.locale);
  const error = (field: string) => {
    const found = view.errors.find((e) => e.field === field);
    return found ? errorText(view, found) : undefined;
  };
  const input = (field: string, label: string, stored: number | null) => (
    <NumberInput key={field} id={field} label={label} value={value(field, stored)} error={error(field)} />
  );
  return (
    <section class="site-section" aria-labelledby="staffing-settings">
      <h2 class="kern-heading-medium" id="staffing-settings">
        {t.t('staffing.settings.title')}
      </h2>
      <p class="kern-body">{t.t('staffing.settings.intro')}</p>
      <form method="post" action="/staff/reports/staffing" novalidate>
        <input type="hidden" name="_csrf" value={staff?.csrf ?? ''} />
        <fieldset class="kern-fieldset">
          <legend class="kern-fieldset__legend">{t.t('staffing.settings.authority')}</legend>
          {input(
            'annualWorkingMinutes',
            t.t('staffing.field.annualWorkingMinutes', { value: n(figures.defaults.annualWorkingMinutes.value) }),
            figures.settings.annualWorkingMinutes,
          )}
          {input(
            'surchargePercent',
            t.t('staffing.field.surchargePercent', { value: n(figures.defaults.surchargePercent.value) }),
            figures.settings.surchargePercent,
          )}
          {input('totalPosts', t.t('staffing.field.totalPosts'), figures.settings.totalPosts)}
        </fieldset>
        <h3 class="kern-heading-small">{t.t('staffing.settings.services')}</h3>
        {figures.services.map((s) => (
          <fieldset class="kern-fieldset" key={s.serviceId}>
            <legend class="kern-fieldset__legend">{s.name}</legend>
            {SERVICE_FIELDS.map((f) =>
              input(serviceField(f, s.serviceId), serviceLabel(view, f, s.measured), s.entered[f]),
            )}
          </fieldset>
        ))}
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('staffing.settings.submit')}</span>
        </button>
      </form>
    </section>
  );
}

function serviceLabel(
  view: StaffingView,
  field: ServiceField,
  measured: StaffingFigures['services'][number]['measured'],
) {
  const { t } = view.page;
  const n = numberFormat(t);
  switch (field) {
    case 'counterMinutes':
      return t.t('staffing.field.counterMinutes', {
        measured: measured.counterMinutes === null ? t.t('staffing.notMeasured') : n(measured.counterMinutes),
      });
    case 'forecastCases':
      return t.t('staffing.field.forecastCases', { measured: n(measured.cases) });
    case 'forecastVisits':
      return t.t('staffing.field.forecastVisits', { measured: n(measured.visits) });
    default:
      return t.t(`staffing.field.${field}`);
  }
}

function NumberInput({
  id,
  label,
  value,
  error,
}: {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
}) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {error ? <ErrorText id={id} text={error} /> : null}
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        type="text"
        inputMode="decimal"
        id={id}
        name={id}
        value={value}
        maxLength={20}
        {...(error ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {})}
      />
    </div>
  );
}

function ErrorText({ id, text }: { id: string; text: string }) {
  return (
    <p class="kern-error" id={`${id}-error`}>
      {text}
    </p>
  );
}

function errorText(view: StaffingView, error: FieldError): string {
  const name = view.figures.services.find((s) => s.serviceId === error.serviceId)?.name ?? '';
  return view.page.t.t(`staffing.error.${error.code}`, { service: name });
}

/** A stored number as typed back into the form: no grouping, the locale's decimal mark. */
function plain(value: number, locale: string): string {
  const text = String(Math.round(value * 100) / 100);
  return locale === 'de' ? text.replace('.', ',') : text;
}
