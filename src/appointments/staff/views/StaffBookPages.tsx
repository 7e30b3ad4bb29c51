import type { Location } from '../../../authorities/list-locations.js';
import type { StaffMessageKey } from '../../../platform/i18n/catalogues.js';
import { translator } from '../../../platform/i18n/translator.js';
import { Alert, ErrorSummary } from '../../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../../platform/staff/StaffLayout.js';
import type { Week } from '../../booking/find-free-slots.js';
import type { PersonError, PersonInput } from '../../../platform/forms/person-form.js';
import { formatSlot } from '../../slot-format.js';
import { PersonFields } from '../../../platform/forms/PersonFields.js';
import { SlotButtons } from '../../booking/views/SlotButtons.js';

const CHANNELS = ['staff', 'emergency', 'online'] as const;

/** Staff choose service, capacity and week, then a time: the time is held while they take the caller's details. */
export function StaffBookPage({
  page,
  locations,
  location,
  services,
  serviceSlug,
  channel,
  week,
  notice,
}: {
  page: StaffPage;
  locations: readonly Location[];
  location: Location;
  services: readonly { slug: string; name: string }[];
  serviceSlug: string | null;
  channel: string;
  week: Week | null;
  notice: StaffMessageKey | null;
}) {
  const { t } = page;
  const query = (from: string) =>
    `/staff/appointments/book?location=${location.slug}&service=${serviceSlug ?? ''}&channel=${channel}&from=${from}`;
  return (
    <StaffLayout page={page} title={t.t('appt.book.title')}>
      <h1 class="kern-heading-large">{t.t('appt.book.title')}</h1>
      {notice ? <Alert kind="warning" title={t.t(notice)} live /> : null}
      <form method="get" action="/staff/appointments/book" class="site-inline-form">
        <Select
          id="location"
          label={t.t('appt.day.location')}
          options={locations.map((l) => [l.slug, l.name])}
          value={location.slug}
        />
        <Select
          id="service"
          label={t.t('appt.book.service')}
          options={services.map((s) => [s.slug, s.name])}
          value={serviceSlug ?? ''}
        />
        <Select
          id="channel"
          label={t.t('appt.book.channel')}
          options={CHANNELS.map((c) => [c, t.t(`appt.channel.${c}`)])}
          value={channel}
        />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('appt.book.showTimes')}</span>
        </button>
      </form>
      {week ? (
        <>
          <p class="kern-body">
            {week.previous ? (
              <>
                <a class="kern-link" href={query(week.previous)}>
                  ←
                </a>{' '}
              </>
            ) : null}
            <a class="kern-link" href={query(week.next)}>
              →
            </a>
          </p>
          {week.days.length === 0 ? (
            <p class="kern-body">{t.t('appt.book.noTimes')}</p>
          ) : (
            <form
              method="post"
              action={`/staff/appointments/book?location=${location.slug}&service=${week.service.slug}&channel=${channel}`}
            >
              <input type="hidden" name="_csrf" value={page.staff!.csrf} />
              <SlotButtons locale={t.locale} days={week.days} capacity />
            </form>
          )}
        </>
      ) : null}
    </StaffLayout>
  );
}

function Select({
  id,
  label,
  options,
  value,
}: {
  id: string;
  label: string;
  options: readonly (readonly [string, string])[];
  value: string;
}) {
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={id}>
        {label}
      </label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id={id} name={id}>
          {options.map(([v, text]) => (
            <option key={v} value={v} selected={v === value}>
              {text}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The caller's details for a held time; e-mail optional. */
export function StaffCallerPage({
  page,
  held,
  values,
  errors,
  notice,
  action,
}: {
  page: StaffPage;
  held: { service: string; startsAt: Date };
  values: PersonInput;
  errors: readonly PersonError[];
  notice: StaffMessageKey | null;
  action: string;
}) {
  const { t } = page;
  // The person fields carry public texts; the staff area's German or English serves them.
  const publicPage = { t: translator(t.locale), siteName: page.siteName, tagline: '', path: '' };
  const when = formatSlot(t.locale, held.startsAt);
  return (
    <StaffLayout page={page} title={t.t('appt.book.detailsTitle')}>
      <h1 class="kern-heading-large">{t.t('appt.book.detailsTitle')}</h1>
      <p class="kern-body">{t.t('appt.book.held', { service: held.service, date: when.date, time: when.time })}</p>
      {notice ? <Alert kind="warning" title={t.t(notice)} live /> : null}
      <ErrorSummary
        title={t.t('staff.form.errorSummary')}
        errors={errors.map((e) => ({ field: e.field, message: publicPage.t.t(e.message) }))}
      />
      <form class="site-form" method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={page.staff!.csrf} />
        <PersonFields page={publicPage} values={values} errors={errors} />
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('appt.book.submit')}</span>
        </button>
      </form>
    </StaffLayout>
  );
}
