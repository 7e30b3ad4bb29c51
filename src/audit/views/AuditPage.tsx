import { Alert, Field } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { TableHead } from '../../platform/staff/components.js';
import type { AuditQuery, AuditRow } from '../search-audit.js';

export function AuditPage({
  page,
  query,
  rows,
  invalid,
}: {
  page: StaffPage;
  query: AuditQuery;
  rows: readonly AuditRow[];
  invalid: boolean;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('audit.title')}>
      <h1 class="kern-heading-large">{t.t('audit.title')}</h1>
      <p class="kern-body">{t.t('audit.intro')}</p>
      {invalid ? <Alert kind="danger" title={t.t('audit.error.date')} live /> : null}
      <form class="site-search" method="get" action="/staff/audit" role="search">
        <Field id="q" label={t.t('audit.query')}>
          <input class="kern-form-input__input" type="search" id="q" name="q" value={query.text} maxLength={200} />
        </Field>
        <Field id="from" label={t.t('audit.from')}>
          <input class="kern-form-input__input" type="date" id="from" name="from" value={query.from} />
        </Field>
        <Field id="to" label={t.t('audit.to')}>
          <input class="kern-form-input__input" type="date" id="to" name="to" value={query.to} />
        </Field>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('audit.search')}</span>
        </button>
      </form>
      <h2 class="kern-heading-medium" aria-live="polite">
        {t.t('audit.count', { count: rows.length })}
      </h2>
      <div class="site-table-wrap">
        <table class="kern-table kern-table--small">
          <TableHead page={page} columns={['audit.at', 'audit.actor', 'audit.action', 'audit.object', 'audit.ip']} />
          <tbody class="kern-table__body">
            {rows.map((row) => (
              <tr class="kern-table__row" key={row.seq}>
                <td class="kern-table__cell">{t.dateTime(row.at)}</td>
                <td class="kern-table__cell">{row.actorLabel}</td>
                <td class="kern-table__cell">
                  <code>{row.action}</code>
                </td>
                <td class="kern-table__cell">{row.object}</td>
                <td class="kern-table__cell">{row.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}
