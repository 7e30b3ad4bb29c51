import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { Alert } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { KioskEntry } from '../list-kiosks.js';
import type { Location } from '../../authorities/list-locations.js';

const DATE = new Intl.DateTimeFormat('de-DE', { timeZone: OFFICE_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });

/** Team leads enrol the tablet in front of them as a location's entrance kiosk, and remove lost ones. */
export function StaffKiosksPage({
  page,
  kiosks,
  locations,
  notice,
  displayBase,
}: {
  page: StaffPage;
  kiosks: readonly KioskEntry[];
  locations: readonly Location[];
  notice: { key: StaffMessageKey; ok: boolean } | null;
  displayBase: string;
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  return (
    <StaffLayout page={page} title={t.t('queue.kiosks.title')}>
      <h1 class="kern-heading-large">{t.t('queue.kiosks.title')}</h1>
      {notice ? <Alert kind={notice.ok ? 'success' : 'danger'} title={t.t(notice.key)} live /> : null}
      <p class="kern-body">{t.t('queue.kiosks.intro')}</p>
      <form method="post" action="/staff/queue/kiosks" class="site-inline-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="kern-form-input">
          <label class="kern-label" for="kiosk-location">
            {t.t('queue.kiosks.location')}
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="kiosk-location" name="locationId">
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="kiosk-label">
            {t.t('queue.kiosks.label')}
          </label>
          <input class="kern-form-input__input" id="kiosk-label" name="label" type="text" maxLength={60} required />
        </div>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('queue.kiosks.enrol')}</span>
        </button>
      </form>
      <h2 class="kern-heading-medium">{t.t('queue.kiosks.list')}</h2>
      {kiosks.length === 0 ? (
        <p class="kern-body">{t.t('queue.kiosks.none')}</p>
      ) : (
        <ul class="kern-list">
          {kiosks.map((k) => (
            <li key={k.id}>
              <form method="post" action={`/staff/queue/kiosks/${k.id}/revoke`} class="site-inline-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <span class="kern-body">
                  {k.label} – {k.locationName} – {t.t('queue.kiosks.enrolled', { date: DATE.format(k.enrolledAt) })}
                </span>
                <button class="kern-btn kern-btn--secondary" type="submit">
                  <span class="kern-label">
                    {t.t('queue.kiosks.revoke')}
                    <span class="site-visually-hidden"> {k.label}</span>
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <ul class="kern-list">
        {locations.map((l) => (
          <li key={l.id}>
            <span class="kern-body">{t.t('queue.kiosks.display', { url: `${displayBase}/display/${l.slug}` })}</span>
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}
