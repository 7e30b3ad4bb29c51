import type { Location } from '../../../authorities/list-locations.js';
import type { BookingFacts } from '../../../catalog/booking-facts.js';
import type { MessageKey } from '../../../platform/i18n/catalogues.js';
import { Alert, ErrorSummary, FieldError } from '../../../platform/layout/components.js';
import { Layout } from '../../../platform/layout/Layout.js';
import { href, type Page } from '../../../platform/layout/page.js';
import type { DrawRound } from '../../draws/draw-rounds.js';
import type { PersonError, PersonInput } from '../../../platform/forms/person-form.js';
import { formatSlot } from '../../slot-format.js';
import type { DaySlots } from '../slots.js';
import { PersonFields } from '../../../platform/forms/PersonFields.js';
import { SlotButtons } from './SlotButtons.js';

export interface LocationOffer {
  readonly location: Location;
  /** The first days with free times (at most three). */
  readonly nextDays: readonly DaySlots[];
}

/** Step 1: where and when. Each location with its next free days; for a draw service, the draws. */
export function ServiceAppointmentsPage({
  page,
  service,
  offers,
  rounds,
}: {
  page: Page;
  service: BookingFacts;
  offers: readonly LocationOffer[];
  rounds: readonly { round: DrawRound; location: Location }[];
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('booking.title', { service: service.name })} nav="services">
      <p class="kern-body">
        <a class="kern-link" href={href(page, `/services/${service.slug}`)}>
          {t.t('booking.backToService')}
        </a>
      </p>
      <h1 class="kern-heading-large">{t.t('booking.title', { service: service.name })}</h1>
      {service.allocation === 'draw' ? (
        <DrawIntro page={page} rounds={rounds} />
      ) : (
        <>
          <p class="kern-body">{t.t('booking.intro')}</p>
          {offers.map(({ location, nextDays }) => (
            <section key={location.id} class="site-section" aria-labelledby={`loc-${location.slug}`}>
              <h2 class="kern-heading-medium" id={`loc-${location.slug}`}>
                {location.name}
              </h2>
              <p class="kern-body">{`${location.street}, ${location.postalCode} ${location.city}`}</p>
              {nextDays.length === 0 ? (
                <p class="kern-body">{t.t('booking.noneFree')}</p>
              ) : (
                <p class="kern-body">
                  {t.t('booking.nextFree', {
                    days: nextDays.map((d) => formatSlot(t.locale, d.slots[0]!.startsAt).date).join(' · '),
                  })}
                </p>
              )}
              <p class="kern-body">
                <a
                  class="kern-btn kern-btn--primary"
                  href={href(page, `/appointments/${service.slug}/${location.slug}`)}
                >
                  <span class="kern-label">{t.t('booking.chooseTimeAt', { location: location.name })}</span>
                </a>
              </p>
            </section>
          ))}
        </>
      )}
    </Layout>
  );
}

function DrawIntro({ page, rounds }: { page: Page; rounds: readonly { round: DrawRound; location: Location }[] }) {
  const { t } = page;
  return (
    <>
      <p class="kern-body">{t.t('draw.intro')}</p>
      {rounds.length === 0 ? (
        <p class="kern-body">{t.t('draw.noneOpen')}</p>
      ) : (
        <ul class="kern-list">
          {rounds.map(({ round, location }) => (
            <li key={round.id} class="kern-body">
              <a class="kern-link" href={href(page, `/draws/${round.id}`)}>
                {round.drawnAt
                  ? t.t('draw.linkDrawn', { location: location.name })
                  : t.t('draw.linkOpen', { location: location.name, until: formatSlot(t.locale, round.closesAt).date })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface WeekView {
  readonly service: BookingFacts;
  readonly location: Location;
  readonly firstDay: string;
  readonly days: readonly DaySlots[];
  readonly previous: string | null;
  readonly next: string;
  /** Where the chosen time is posted: a new booking, or moving one. */
  readonly action: string;
  /** Query string base for the week links (`?from=` is appended). */
  readonly pagePath: string;
  readonly csrf: string;
  /** A proof-of-work challenge to solve before posting (only when load is high). */
  readonly challenge: string | null;
  readonly notice: MessageKey | null;
}

/** Step 2: a week of free times at one location; each time is a button that holds it. */
export function WeekPage({ page, week, title }: { page: Page; week: WeekView; title: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={title} nav="services" scripts={week.challenge ? ['pow.js'] : []}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {t.t('booking.weekIntro', { location: week.location.name, minutes: week.service.durationMinutes })}
      </p>
      {week.notice ? <Alert kind="warning" title={t.t(week.notice)} live /> : null}
      {week.challenge ? (
        <Alert kind="info" title={t.t('booking.powTitle')}>
          <p class="kern-body">{t.t('booking.powText')}</p>
        </Alert>
      ) : null}
      <nav class="site-pager" aria-label={t.t('booking.weeks')}>
        {week.previous ? (
          <a class="kern-link" href={`${week.pagePath}?from=${week.previous}`}>
            {t.t('booking.previousWeek')}
          </a>
        ) : (
          <span />
        )}
        <a class="kern-link" href={`${week.pagePath}?from=${week.next}`}>
          {t.t('booking.nextWeek')}
        </a>
      </nav>
      {week.days.length === 0 ? (
        <p class="kern-body">{t.t('booking.noneThisWeek')}</p>
      ) : (
        <form method="post" action={week.action} class="site-form" data-pow={week.challenge ?? undefined}>
          <input type="hidden" name="_csrf" value={week.csrf} />
          {week.challenge ? <input type="hidden" name="altcha" value="" /> : null}
          <SlotButtons
            locale={t.locale}
            days={week.days}
            label={(time, date) => t.t('booking.timeLabel', { time, date })}
          />
        </form>
      )}
    </Layout>
  );
}

export interface DetailsForm {
  readonly values: PersonInput;
  readonly errors: readonly PersonError[];
  readonly csrf: string;
  readonly notice: MessageKey | null;
}

/** Step 3: who comes. The slot is held meanwhile; name and date of birth are fixed once sent. */
export function DetailsPage({
  page,
  summary,
  heldUntil,
  form,
  action,
}: {
  page: Page;
  summary: { service: string; location: string; startsAt: Date };
  heldUntil: Date;
  form: DetailsForm;
  action: string;
}) {
  const { t } = page;
  const when = formatSlot(t.locale, summary.startsAt);
  return (
    <Layout page={page} title={t.t('booking.detailsTitle')} nav="services">
      <h1 class="kern-heading-large">{t.t('booking.detailsTitle')}</h1>
      <Alert kind="info" title={t.t('booking.heldTitle', { until: formatSlot(t.locale, heldUntil).time })}>
        <p class="kern-body">
          {t.t('booking.heldText', {
            service: summary.service,
            location: summary.location,
            date: when.date,
            time: when.time,
          })}
        </p>
      </Alert>
      {form.notice ? <Alert kind="danger" title={t.t(form.notice)} live /> : null}
      <ErrorSummary
        title={t.t('form.errorSummary')}
        errors={form.errors.map((e) => ({ field: e.field, message: t.t(e.message) }))}
      />
      <p class="kern-body">{t.t('booking.identityNote')}</p>
      <form class="site-form" method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={form.csrf} />
        <PersonFields page={page} values={form.values} errors={form.errors} />
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('booking.sendCode')}</span>
        </button>
      </form>
    </Layout>
  );
}

/** Step 4: the code from the e-mail. */
export function CodePage({
  page,
  title,
  intro,
  action,
  code,
  csrf,
  error,
}: {
  page: Page;
  title: string;
  intro: string;
  action: string;
  code: string;
  csrf: string;
  error: string | null;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={title} nav="services">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{intro}</p>
      <ErrorSummary title={t.t('form.errorSummary')} errors={error ? [{ field: 'code', message: error }] : []} />
      <form class="site-form" method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="code">
            {t.t('booking.code')}
          </label>
          <div class="kern-hint" id="code-hint">
            {t.t('booking.codeHint')}
          </div>
          {error ? <FieldError id="code-error" text={error} /> : null}
          <input
            class={`kern-form-input__input site-code${error ? ' kern-form-input__input--error' : ''}`}
            type="text"
            id="code"
            name="code"
            value={code}
            inputMode="numeric"
            autocomplete="one-time-code"
            maxLength={12}
            aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('booking.confirm')}</span>
        </button>
      </form>
    </Layout>
  );
}
