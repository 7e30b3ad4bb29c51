import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { Alert } from '../../platform/layout/components.js';
import type { RenewalOverview } from '../list-imports.js';
import { MAX_WEEKS_BEFORE, MIN_WEEKS_BEFORE } from '../update-renewal-settings.js';
import { ImportCounts } from './ImportPage.js';

export interface RenewalsNotice {
  readonly key: StaffMessageKey;
  readonly values?: Record<string, string | number>;
  readonly ok: boolean;
}

/** Team leads load the register of issued permits, follow the imports, and set when holders are written to. */
export function RenewalsPage({
  page,
  overview,
  notice,
}: {
  page: StaffPage;
  overview: RenewalOverview;
  notice: RenewalsNotice | null;
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  const { register } = overview;
  return (
    <StaffLayout page={page} title={t.t('renewals.title')}>
      <h1 class="kern-heading-large">{t.t('renewals.title')}</h1>
      {notice ? <Alert kind={notice.ok ? 'success' : 'danger'} title={t.t(notice.key, notice.values)} live /> : null}
      <p class="kern-body">{t.t('renewals.intro')}</p>
      <p class="kern-body">
        {t.t('renewals.register', {
          current: register.current,
          due: register.due,
          weeks: overview.weeksBefore,
          notified: register.notified,
        })}
      </p>

      <h2 class="kern-heading-medium">{t.t('renewals.upload.title')}</h2>
      <form method="post" action="/staff/renewals/imports" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="kern-form-input">
          <label class="kern-label" for="register-file">
            {t.t('renewals.upload.file')}
          </label>
          <div class="kern-hint" id="register-file-hint">
            {t.t('renewals.upload.hint')}
          </div>
          <input
            class="kern-form-input__input"
            type="file"
            id="register-file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-describedby="register-file-hint"
          />
        </div>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('renewals.upload.submit')}</span>
        </button>
      </form>

      <h2 class="kern-heading-medium">{t.t('renewals.imports.title')}</h2>
      {overview.imports.length === 0 ? (
        <p class="kern-body">{t.t('renewals.imports.none')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table site-table">
            <caption class="site-visually-hidden">{t.t('renewals.imports.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t.t('renewals.imports.file')}</th>
                <th scope="col">{t.t('renewals.imports.uploaded')}</th>
                <th scope="col">{t.t('renewals.imports.status')}</th>
                <th scope="col">{t.t('renewals.imports.rows')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.imports.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <a class="kern-link" href={`/staff/renewals/imports/${i.id}`}>
                      {i.fileName}
                    </a>
                  </th>
                  <td>{t.dateTime(i.createdAt)}</td>
                  <td>{t.t(`renewals.status.${i.status}`)}</td>
                  <td>
                    <ImportCounts page={page} progress={i} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 class="kern-heading-medium">{t.t('renewals.settings.title')}</h2>
      <form method="post" action="/staff/renewals/settings" class="site-inline-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="kern-form-input">
          <label class="kern-label" for="weeksBefore">
            {t.t('renewals.settings.weeks')}
          </label>
          <div class="kern-hint" id="weeksBefore-hint">
            {t.t('renewals.settings.hint', { min: MIN_WEEKS_BEFORE, max: MAX_WEEKS_BEFORE })}
          </div>
          <input
            class="kern-form-input__input kern-form-input__input--width-4"
            type="number"
            id="weeksBefore"
            name="weeksBefore"
            inputMode="numeric"
            min={MIN_WEEKS_BEFORE}
            max={MAX_WEEKS_BEFORE}
            step={1}
            value={overview.weeksBefore}
            required
            aria-describedby="weeksBefore-hint"
          />
        </div>
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('renewals.settings.save')}</span>
        </button>
      </form>
    </StaffLayout>
  );
}
