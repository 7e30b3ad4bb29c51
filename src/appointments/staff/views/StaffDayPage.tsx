import type { StaffMessageKey } from '../../../platform/i18n/catalogues.js';
import { ENDONYMS, isLocale } from '../../../platform/i18n/locales.js';
import { Alert, SelectField } from '../../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../../platform/staff/StaffLayout.js';
import { can } from '../../../platform/access/policies.js';
import type { Attendance } from '../attendance.js';
import { canRecord } from '../attendance.js';
import type { DayEntry, DayView } from '../list-day.js';

const STEPS: readonly Attendance[] = ['arrived', 'served', 'no_show'];

function language(code: string | null): string {
  return code && isLocale(code) ? ENDONYMS[code] : (code ?? '–');
}

/** The day's appointments of a location, per counter; each person's language, and attendance buttons. */
export function StaffDayPage({
  page,
  view,
  notice,
}: {
  page: StaffPage;
  view: DayView;
  notice: StaffMessageKey | null;
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  const actor = page.staff!.actor;
  const back = `/staff/appointments?location=${view.location.slug}&day=${view.day}`;
  return (
    <StaffLayout page={page} title={t.t('appt.day.title', { day: view.day })}>
      <h1 class="kern-heading-large">{t.t('appt.day.title', { day: view.day })}</h1>
      {notice ? <Alert kind={notice === 'appt.day.recorded' ? 'success' : 'warning'} title={t.t(notice)} live /> : null}
      <form method="get" action="/staff/appointments" class="site-inline-form">
        <SelectField
          id="location"
          label={t.t('appt.day.location')}
          value={view.location.slug}
          options={view.locations.map((l) => ({ value: l.slug, label: l.name }))}
        />
        <div class="kern-form-input">
          <label class="kern-label" for="day">
            {t.t('appt.day.date')}
          </label>
          <input class="kern-form-input__input" type="date" id="day" name="day" value={view.day} />
        </div>
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('appt.day.show')}</span>
        </button>
      </form>
      {can(actor, 'appointments.book') ? (
        <p class="kern-body">
          <a class="kern-link" href={`/staff/appointments/book?location=${view.location.slug}`}>
            {t.t('appt.day.bookForCaller')}
          </a>
        </p>
      ) : null}
      {can(actor, 'appointments.attend') ? <CheckInForm page={page} /> : null}
      {view.counters.map((counter) => (
        <section key={counter.id} class="site-section" aria-labelledby={`counter-${counter.id}`}>
          <h2 class="kern-heading-medium" id={`counter-${counter.id}`}>
            {counter.label}
          </h2>
          <p class="kern-body">
            {counter.staffName
              ? t.t('appt.day.staffedBy', {
                  name: counter.staffName,
                  languages: ['de', ...counter.languages].map(language).join(', '),
                })
              : t.t('appt.day.unstaffed')}
          </p>
          {counter.entries.length === 0 ? (
            <p class="kern-body">{t.t('appt.day.none')}</p>
          ) : (
            <table class="site-table">
              <thead>
                <tr>
                  <th scope="col">{t.t('appt.day.time')}</th>
                  <th scope="col">{t.t('appt.day.person')}</th>
                  <th scope="col">{t.t('appt.day.service')}</th>
                  <th scope="col">{t.t('appt.day.language')}</th>
                  <th scope="col">{t.t('appt.day.status')}</th>
                  <th scope="col">{t.t('appt.day.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {counter.entries.map((entry) => (
                  <Row key={entry.id} page={page} entry={entry} csrf={csrf} back={back} />
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </StaffLayout>
  );
}

function CheckInForm({ page }: { page: StaffPage }) {
  const { t } = page;
  return (
    <form method="get" action="/staff/check-in" class="site-inline-form">
      <div class="kern-form-input">
        <label class="kern-label" for="code">
          {t.t('appt.day.code')}
        </label>
        <input class="kern-form-input__input" type="text" id="code" name="code" maxLength={20} autocomplete="off" />
      </div>
      <button class="kern-btn kern-btn--secondary" type="submit">
        <span class="kern-label">{t.t('appt.day.find')}</span>
      </button>
    </form>
  );
}

function Row({ page, entry, csrf, back }: { page: StaffPage; entry: DayEntry; csrf: string; back: string }) {
  const { t } = page;
  return (
    <tr>
      <td>{t.time(entry.startsAt)}</td>
      <td>
        {entry.name === null ? <em>{t.t('appt.day.erased')}</em> : <strong>{entry.name}</strong>}
        <br />
        {entry.birthDate ? t.t('appt.day.born', { date: entry.birthDate }) : null}
        <br />
        <span class="site-hash">{entry.reference}</span>
        {entry.permitExpiresOn ? (
          <>
            <br />
            {t.t('appt.day.urgent', { date: entry.permitExpiresOn })}
          </>
        ) : null}
      </td>
      <td>
        {entry.service}
        <br />
        {t.t(`appt.channel.${entry.channel}`)}
      </td>
      <td>
        {entry.locale
          ? t.t(entry.spokenHere ? 'appt.day.spoken' : 'appt.day.notSpoken', { language: language(entry.locale) })
          : '–'}
        {entry.locale && entry.interpreterNeeded ? (
          <>
            <br />
            <strong class="site-interpreter">
              {t.t('competences.interpreterNeeded', { language: language(entry.locale) })}
            </strong>
          </>
        ) : null}
      </td>
      <td>{t.t(`appt.status.${entry.status}`)}</td>
      <td>
        {STEPS.filter((step) => entry.attendable && canRecord(entry.status, step)).map((step) => (
          <form key={step} method="post" action={`/staff/appointments/${entry.id}/attendance`} class="site-inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="step" value={step} />
            <input type="hidden" name="back" value={back} />
            <button class="kern-btn kern-btn--secondary" type="submit">
              <span class="kern-label">{t.t(`appt.step.${step}`)}</span>
            </button>
          </form>
        ))}
      </td>
    </tr>
  );
}
