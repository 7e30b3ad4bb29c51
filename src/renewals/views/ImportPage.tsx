import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Alert, DescriptionList } from '../../platform/layout/components.js';
import type { ImportProgress, ImportReport, RejectedLine } from '../find-import.js';

/** "1,234 of 2,000 rows" with what was taken and refused. */
export function ImportCounts({ page, progress }: { page: StaffPage; progress: ImportProgress }) {
  return (
    <span class="kern-body">
      {page.t.t('renewals.import.summary', {
        processed: progress.processedRows,
        total: progress.totalRows,
        accepted: progress.acceptedRows,
        rejected: progress.rejectedRows,
      })}
    </span>
  );
}

export function reasonText(page: StaffPage, row: RejectedLine): string {
  const reason = page.t.t(`renewals.reason.${row.reason}`);
  return row.field
    ? page.t.t('renewals.reasonIn', { reason, column: page.t.t(`renewals.field.${row.field}`) })
    : reason;
}

/**
 * One import: a progress bar kept current by a small script (import-progress.js, polling the JSON
 * beside this page) or, without it, by the refresh link; then the counts and the rejected rows.
 */
export function ImportPage({ page, report }: { page: StaffPage; report: ImportReport }) {
  const { t } = page;
  const open = report.status === 'queued' || report.status === 'running';
  const self = `/staff/renewals/imports/${report.id}`;
  return (
    <StaffLayout
      page={page}
      title={t.t('renewals.import.title', { file: report.fileName })}
      scripts={open ? ['import-progress.js'] : []}
    >
      <h1 class="kern-heading-large">{t.t('renewals.import.title', { file: report.fileName })}</h1>
      <p class="kern-body">{t.t('renewals.import.uploaded', { date: t.dateTime(report.createdAt) })}</p>
      <div data-import-progress={open ? `${self}/progress.json` : undefined}>
        <p class="kern-body" role="status" data-import-status>
          {t.t('renewals.import.status', { status: t.t(`renewals.status.${report.status}`) })}
        </p>
        <label class="kern-label" for="import-bar">
          {t.t('renewals.import.progress')}
        </label>{' '}
        <progress
          id="import-bar"
          max={Math.max(report.totalRows, 1)}
          value={report.totalRows === 0 ? 1 : report.processedRows}
          data-import-bar
        />{' '}
        <span class="kern-body" data-import-count>
          {t.t('renewals.import.count', { processed: report.processedRows, total: report.totalRows })}
        </span>
        {open ? (
          <p class="kern-body">
            <a class="kern-link" href={self} data-import-refresh>
              {t.t('renewals.import.refresh')}
            </a>
          </p>
        ) : null}
      </div>
      {report.status === 'failed' ? <Alert kind="danger" title={t.t('renewals.import.failed')} /> : null}
      <DescriptionList
        items={[
          {
            key: t.t('renewals.import.accepted'),
            value: t.t('renewals.import.acceptedCount', { accepted: report.acceptedRows, fresh: report.newRows }),
          },
          { key: t.t('renewals.import.rejected'), value: String(report.rejectedRows) },
        ]}
      />
      {open ? null : (
        <>
          <h2 class="kern-heading-medium">{t.t('renewals.import.report')}</h2>
          {report.rejectedRows === 0 ? (
            <p class="kern-body">{t.t('renewals.import.noneRejected')}</p>
          ) : (
            <div class="site-table-wrap">
              {report.rejected.length < report.rejectedRows ? (
                <p class="kern-body">
                  {t.t('renewals.import.reportLimited', { shown: report.rejected.length, count: report.rejectedRows })}
                </p>
              ) : null}
              <table class="kern-table site-table">
                <caption class="site-visually-hidden">{t.t('renewals.import.report')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.t('renewals.import.line')}</th>
                    <th scope="col">{t.t('renewals.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((row) => (
                    <tr key={row.line} data-rejected-line={row.line} data-reason={row.reason}>
                      <th scope="row">{row.line}</th>
                      <td>{reasonText(page, row)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/staff/renewals">
          {t.t('renewals.import.back')}
        </a>
      </p>
    </StaffLayout>
  );
}
