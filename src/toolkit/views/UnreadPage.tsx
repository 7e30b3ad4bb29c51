import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { ReadersReport } from '../list-unread.js';
import { moduleHref } from './parts.js';

/** For the team lead: who has not confirmed the current version of a module. */
export function UnreadPage({ page, report }: { page: StaffPage; report: ReadersReport }) {
  const { t } = page;
  const { module, unread } = report;
  const heading = t.t('toolkit.unread.title', { title: report.title });
  return (
    <StaffLayout page={page} title={heading}>
      <p class="kern-body">
        <a class="kern-link" href={moduleHref(module.slug)}>
          {t.t('toolkit.unread.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{heading}</h1>
      {module.binding ? null : <p class="kern-body">{t.t('toolkit.unread.notBinding')}</p>}
      <p class="kern-body">
        {t.t('toolkit.unread.summary', {
          read: report.readCount,
          total: report.readCount + unread.length,
          version: module.currentVersion,
        })}
      </p>
      {unread.length === 0 ? (
        <p class="kern-body">{t.t('toolkit.unread.none')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table site-table">
            <caption class="site-visually-hidden">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">{t.t('toolkit.unread.name')}</th>
                <th scope="col">{t.t('toolkit.unread.state')}</th>
              </tr>
            </thead>
            <tbody>
              {unread.map((person, index) => (
                <tr key={`${person.name}-${index}`}>
                  <td>{person.name}</td>
                  <td>
                    {person.readVersion === null
                      ? t.t('toolkit.unread.never')
                      : t.t('toolkit.unread.older', { version: person.readVersion })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}
