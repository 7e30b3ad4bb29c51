import { Csrf, Submit } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { PublishedModule } from '../list-published.js';
import { areaName } from './parts.js';

/** What the installation's other authorities have published; each can be taken into the own toolkit. */
export function SharedPage({ page, modules }: { page: StaffPage; modules: readonly PublishedModule[] }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('toolkit.shared.title')}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/toolkit">
          {t.t('toolkit.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{t.t('toolkit.shared.title')}</h1>
      <p class="kern-body">{t.t('toolkit.shared.intro')}</p>
      {modules.length === 0 ? (
        <p class="kern-body">{t.t('toolkit.shared.none')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table site-table">
            <caption class="site-visually-hidden">{t.t('toolkit.shared.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t.t('toolkit.shared.authority')}</th>
                <th scope="col">{t.t('toolkit.field.title')}</th>
                <th scope="col">{t.t('toolkit.field.area')}</th>
                <th scope="col">{t.t('toolkit.history.version')}</th>
                <th scope="col">{t.t('toolkit.module.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {modules.map((m) => (
                <tr key={`${m.authorityId}/${m.content.slug}`}>
                  <td>{m.authorityName}</td>
                  <td>{m.content.title}</td>
                  <td>{areaName(page, m.content.area)}</td>
                  <td>{t.t('toolkit.shared.version', { version: m.version, date: t.dateTime(m.createdAt) })}</td>
                  <td>
                    <form method="post" action="/staff/toolkit/shared">
                      <Csrf token={page.staff!.csrf} />
                      <input type="hidden" name="authority" value={m.authorityId} />
                      <input type="hidden" name="slug" value={m.content.slug} />
                      <Submit label={t.t('toolkit.shared.take', { title: m.content.title })} secondary />
                    </form>
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
