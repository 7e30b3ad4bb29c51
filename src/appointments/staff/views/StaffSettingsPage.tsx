import type { StaffMessageKey } from '../../../platform/i18n/catalogues.js';
import { Alert } from '../../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../../platform/staff/StaffLayout.js';
import type { CounterSettings, LocationSettings } from '../counter-settings.js';
import { can } from '../../../platform/access/policies.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const CHANNELS = ['online', 'staff', 'emergency'] as const;

/** Counters of a location: who sits there, which services, hours per capacity; closed days; draws. */
export function StaffSettingsPage({
  page,
  settings,
  serviceNames,
  drawServices,
  notices,
}: {
  page: StaffPage;
  settings: LocationSettings;
  serviceNames: ReadonlyMap<string, string>;
  drawServices: readonly { id: string; name: string }[];
  notices: readonly StaffMessageKey[];
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  const base = `/staff/appointments/settings`;
  const loc = `?location=${settings.location.slug}`;
  return (
    <StaffLayout page={page} title={t.t('appt.settings.title')}>
      <h1 class="kern-heading-large">{t.t('appt.settings.title')}</h1>
      <p class="kern-body">{t.t('appt.settings.intro')}</p>
      {notices.map((n) => (
        <Alert
          key={n}
          kind={n === 'appt.settings.saved' || n === 'appt.settings.drawOpened' ? 'success' : 'danger'}
          title={t.t(n)}
          live
        />
      ))}
      <nav aria-label={t.t('appt.day.location')}>
        <ul class="kern-list kern-list--horizontal site-nav">
          {settings.locations.map((l) => (
            <li key={l.id}>
              <a
                class="kern-link"
                href={`${base}?location=${l.slug}`}
                aria-current={l.id === settings.location.id ? 'page' : undefined}
              >
                {l.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <OpeningHours page={page} settings={settings} csrf={csrf} base={base} loc={loc} />
      {settings.counters.map((c) => (
        <Counter
          key={c.id}
          page={page}
          counter={c}
          settings={settings}
          serviceNames={serviceNames}
          csrf={csrf}
          action={`${base}/counters/${c.id}${loc}`}
        />
      ))}
      <section class="site-section" aria-labelledby="add-counter">
        <h2 class="kern-heading-medium" id="add-counter">
          {t.t('appt.settings.addCounter')}
        </h2>
        <form method="post" action={`${base}/counters${loc}`} class="site-inline-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="kern-form-input">
            <label class="kern-label" for="new-label">
              {t.t('appt.settings.label')}
            </label>
            <input class="kern-form-input__input" type="text" id="new-label" name="label" maxLength={40} />
          </div>
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">{t.t('appt.settings.add')}</span>
          </button>
        </form>
      </section>
      <ClosedDays page={page} settings={settings} csrf={csrf} base={base} loc={loc} />
      {drawServices.length > 0 ? (
        <section class="site-section" aria-labelledby="draws">
          <h2 class="kern-heading-medium" id="draws">
            {t.t('appt.settings.draws')}
          </h2>
          <p class="kern-body">{t.t('appt.settings.drawIntro')}</p>
          <form method="post" action={`${base}/draws${loc}`} class="site-inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <div class="kern-form-input">
              <label class="kern-label" for="draw-service">
                {t.t('appt.book.service')}
              </label>
              <div class="kern-form-input__select-wrapper">
                <select class="kern-form-input__select" id="draw-service" name="serviceId">
                  {drawServices.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <Input id="draw-days" name="days" label={t.t('appt.settings.drawDays')} type="number" value="7" />
            <Input id="draw-from" name="slotsFrom" label={t.t('appt.settings.drawFrom')} type="date" value="" />
            <Input id="draw-until" name="slotsUntil" label={t.t('appt.settings.drawUntil')} type="date" value="" />
            <button class="kern-btn kern-btn--secondary" type="submit">
              <span class="kern-label">{t.t('appt.settings.openDraw')}</span>
            </button>
          </form>
        </section>
      ) : null}
    </StaffLayout>
  );
}

function Input({
  id,
  name,
  label,
  type,
  value,
}: {
  id: string;
  name: string;
  label: string;
  type: 'text' | 'date' | 'number' | 'time';
  value: string;
}) {
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={id}>
        {label}
      </label>
      <input class="kern-form-input__input" type={type as 'text'} id={id} name={name} value={value} />
    </div>
  );
}

function Counter({
  page,
  counter,
  settings,
  serviceNames,
  csrf,
  action,
}: {
  page: StaffPage;
  counter: CounterSettings;
  settings: LocationSettings;
  serviceNames: ReadonlyMap<string, string>;
  csrf: string;
  action: string;
}) {
  const { t } = page;
  const id = (name: string) => `c-${counter.id}-${name}`;
  return (
    <section class="site-section" aria-labelledby={id('title')}>
      <h2 class="kern-heading-medium" id={id('title')}>
        {counter.label}
      </h2>
      <form method="post" action={action} class="site-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <Input id={id('label')} name="label" label={t.t('appt.settings.label')} type="text" value={counter.label} />
        <div class="kern-form-input">
          <label class="kern-label" for={id('staff')}>
            {t.t('appt.settings.staff')}
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id={id('staff')} name="staffUserId">
              <option value="">{t.t('appt.settings.nobody')}</option>
              {settings.staff.map((s) => (
                <option key={s.id} value={s.id} selected={s.id === counter.staffUserId}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="kern-form-check">
          <input
            class="kern-form-check__checkbox"
            type="checkbox"
            id={id('active')}
            name="active"
            value="yes"
            checked={counter.active}
          />
          <label class="kern-label" for={id('active')}>
            {t.t('appt.settings.active')}
          </label>
        </div>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t.t('appt.settings.services')}</legend>
          {settings.services.map((s) => (
            <div class="kern-form-check" key={s.id}>
              <input
                class="kern-form-check__checkbox"
                type="checkbox"
                id={id(`s-${s.slug}`)}
                name="serviceIds"
                value={s.id}
                checked={counter.serviceIds.includes(s.id)}
              />
              <label class="kern-label" for={id(`s-${s.slug}`)}>
                {serviceNames.get(s.id) ?? s.slug}
              </label>
            </div>
          ))}
        </fieldset>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('appt.settings.save')}</span>
        </button>
      </form>
      <h3 class="kern-heading-small">{t.t('appt.settings.hours')}</h3>
      {counter.hours.length === 0 ? (
        <p class="kern-body">{t.t('appt.settings.noHours')}</p>
      ) : (
        <table class="site-table">
          <tbody>
            {counter.hours.map((h) => (
              <tr key={h.id}>
                <td>{t.weekday(h.weekday)}</td>
                <td>{`${h.opens}–${h.closes}`}</td>
                <td>{t.t(`appt.channel.${h.channel}`)}</td>
                <td>
                  <RemoveButton
                    page={page}
                    action={`/staff/appointments/settings/hours/${h.id}/remove?location=${settings.location.slug}`}
                    csrf={csrf}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        method="post"
        action={`/staff/appointments/settings/counters/${counter.id}/hours?location=${settings.location.slug}`}
        class="site-form"
      >
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t.t('appt.settings.addHours')}</legend>
          <WeekdayTimeFields page={page} id={id} />
          <div class="site-inline-form">
            <div class="kern-form-input">
              <label class="kern-label" for={id('channel')}>
                {t.t('appt.book.channel')}
              </label>
              <div class="kern-form-input__select-wrapper">
                <select class="kern-form-input__select" id={id('channel')} name="channel">
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {t.t(`appt.channel.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </div>
        </fieldset>
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('appt.settings.add')}</span>
        </button>
      </form>
    </section>
  );
}

/** Weekday check boxes and a from–to pair, for counter hours and opening hours alike. */
function WeekdayTimeFields({ page, id }: { page: StaffPage; id: (name: string) => string }) {
  const { t } = page;
  return (
    <>
      <div class="site-inline-form">
        {WEEKDAYS.map((d) => (
          <div class="kern-form-check" key={d}>
            <input
              class="kern-form-check__checkbox"
              type="checkbox"
              id={id(`wd-${d}`)}
              name="weekdays"
              value={String(d)}
            />
            <label class="kern-label" for={id(`wd-${d}`)}>
              {t.weekday(d)}
            </label>
          </div>
        ))}
      </div>
      <div class="site-inline-form">
        <Input id={id('opens')} name="opens" label={t.t('appt.settings.from')} type="time" value="08:00" />
        <Input id={id('closes')} name="closes" label={t.t('appt.settings.to')} type="time" value="12:00" />
      </div>
    </>
  );
}

/** A remove button for one row of a settings table. */
function RemoveButton({ page, action, csrf }: { page: StaffPage; action: string; csrf: string }) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrf} />
      <button class="kern-btn kern-btn--tertiary" type="submit">
        <span class="kern-label">{page.t.t('appt.settings.remove')}</span>
      </button>
    </form>
  );
}

function OpeningHours({
  page,
  settings,
  csrf,
  base,
  loc,
}: {
  page: StaffPage;
  settings: LocationSettings;
  csrf: string;
  base: string;
  loc: string;
}) {
  const { t } = page;
  return (
    <section class="site-section" aria-labelledby="opening">
      <h2 class="kern-heading-medium" id="opening">
        {t.t('appt.settings.openingHours')}
      </h2>
      <p class="kern-body">{t.t('appt.settings.openingHoursIntro')}</p>
      <table class="site-table">
        <tbody>
          {settings.openingHours.map((h) => (
            <tr key={h.id}>
              <td>{t.weekday(h.weekday)}</td>
              <td>{`${h.opens}–${h.closes}`}</td>
              <td>
                <RemoveButton page={page} action={`${base}/opening-hours/${h.id}/remove${loc}`} csrf={csrf} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action={`${base}/opening-hours${loc}`} class="site-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t.t('appt.settings.addOpeningHours')}</legend>
          <WeekdayTimeFields page={page} id={(name) => `oh-${name}`} />
        </fieldset>
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('appt.settings.add')}</span>
        </button>
      </form>
    </section>
  );
}

function ClosedDays({
  page,
  settings,
  csrf,
  base,
  loc,
}: {
  page: StaffPage;
  settings: LocationSettings;
  csrf: string;
  base: string;
  loc: string;
}) {
  const { t } = page;
  const actor = page.staff!.actor;
  // A day closed at all locations is for those whose grant covers all of them.
  const everywhere = can(actor, 'appointments.configure', { authorityId: actor.authorityId, locationId: null });
  return (
    <section class="site-section" aria-labelledby="closed">
      <h2 class="kern-heading-medium" id="closed">
        {t.t('appt.settings.closedDays')}
      </h2>
      {settings.closedDays.length === 0 ? (
        <p class="kern-body">{t.t('appt.settings.noClosedDays')}</p>
      ) : (
        <table class="site-table">
          <tbody>
            {settings.closedDays.map((d) => (
              <tr key={d.id}>
                <td>{d.day}</td>
                <td>{d.reason}</td>
                <td>{t.t(d.allLocations ? 'appt.settings.allLocations' : 'appt.settings.thisLocation')}</td>
                <td>
                  {everywhere || !d.allLocations ? (
                    <RemoveButton page={page} action={`${base}/closed-days/${d.id}/remove${loc}`} csrf={csrf} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`${base}/closed-days${loc}`} class="site-inline-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <Input id="closed-day" name="day" label={t.t('appt.settings.day')} type="date" value="" />
        <Input id="closed-reason" name="reason" label={t.t('appt.settings.reason')} type="text" value="" />
        <div class="kern-form-input">
          <label class="kern-label" for="closed-scope">
            {t.t('appt.settings.scope')}
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="closed-scope" name="scope">
              <option value="location">{t.t('appt.settings.thisLocation')}</option>
              {everywhere ? <option value="all">{t.t('appt.settings.allLocations')}</option> : null}
            </select>
          </div>
        </div>
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('appt.settings.add')}</span>
        </button>
      </form>
    </section>
  );
}
