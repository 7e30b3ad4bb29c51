import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { HistoryEntry } from '../list-versions.js';
import { moduleHref } from './parts.js';

/** Every version of a module with its author and date; each can be opened. */
export function HistoryPage({
  page,
  slug,
  title,
  versions,
}: {
  page: StaffPage;
  slug: string;
  title: string;
  versions: readonly HistoryEntry[];
}) {
  const { t } = page;
  const heading = t.t('toolkit.history.title', { title });
  return (
    <StaffLayout page={page} title={heading}>
      <p class="kern-body">
        <a class="kern-link" href={moduleHref(slug)}>
          {t.t('toolkit.unread.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{heading}</h1>
      <div class="site-table-wrap">
        <table class="kern-table site-table">
          <caption class="site-visually-hidden">{heading}</caption>
          <thead>
            <tr>
              <th scope="col">{t.t('toolkit.history.version')}</th>
              <th scope="col">{t.t('toolkit.history.date')}</th>
              <th scope="col">{t.t('toolkit.history.author')}</th>
              <th scope="col">{t.t('toolkit.history.note')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>
                  <a class="kern-link" href={moduleHref(slug, `/versions/${v.version}`)}>
                    {t.t('toolkit.history.view', { version: v.version })}
                  </a>
                </td>
                <td>{t.dateTime(v.createdAt)}</td>
                <td>{v.authorName}</td>
                <td>{v.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}
