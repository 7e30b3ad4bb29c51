import { Alert, DescriptionList, ErrorSummary, FieldError } from '../../../platform/layout/components.js';
import { Layout } from '../../../platform/layout/Layout.js';
import { href, type Page } from '../../../platform/layout/page.js';
import type { AppointmentView } from '../../appointment-view.js';
import { formatSlot } from '../../slot-format.js';

export type ManageNotice = 'booked' | 'moved' | 'cancelled' | 'confirmMissing' | 'notCancellable' | null;

/** The page behind the link in the e-mail: the appointment, and forms to cancel (POST only) or move it. */
export function ManagePage({
  page,
  view,
  token,
  csrf,
  notice,
}: {
  page: Page;
  view: AppointmentView;
  token: string;
  csrf: string;
  notice: ManageNotice;
}) {
  const { t } = page;
  const when = formatSlot(t.locale, view.startsAt);
  const open = view.status === 'booked' && view.startsAt.getTime() > Date.now();
  const base = href(page, `/appointments/manage/${token}`);
  return (
    <Layout page={page} title={t.t('manage.title')} nav="services">
      <h1 class="kern-heading-large">{t.t('manage.title')}</h1>
      {notice === 'booked' ? (
        <Alert kind="success" title={t.t('manage.bookedTitle')} live>
          <p class="kern-body">{t.t('manage.bookedText')}</p>
        </Alert>
      ) : null}
      {notice === 'moved' ? <Alert kind="success" title={t.t('manage.movedTitle')} live /> : null}
      {notice === 'cancelled' ? <Alert kind="success" title={t.t('manage.cancelledTitle')} live /> : null}
      {notice === 'notCancellable' ? <Alert kind="warning" title={t.t('manage.notCancellable')} live /> : null}
      <DescriptionList
        items={[
          { key: t.t('appointment.field.status'), value: t.t(`manage.status.${view.status}`) },
          { key: t.t('appointment.field.service'), value: view.service.name },
          { key: t.t('appointment.field.date'), value: when.date },
          { key: t.t('appointment.field.time'), value: when.time },
          {
            key: t.t('appointment.field.place'),
            value: `${view.location.name}, ${view.location.street}, ${view.location.postalCode} ${view.location.city}`,
          },
          { key: t.t('appointment.field.person'), value: `${view.firstName ?? ''} ${view.lastName ?? ''}` },
          { key: t.t('appointment.field.reference'), value: <span class="site-hash">{view.reference}</span> },
        ]}
      />
      {view.service.documents.length > 0 ? (
        <section class="site-section" aria-labelledby="bring">
          <h2 class="kern-heading-medium" id="bring">
            {t.t('appointment.bring')}
          </h2>
          <ul class="kern-list kern-list--bullet">
            {view.service.documents.map((d) => (
              <li key={d} class="kern-body">
                {d}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {open ? (
        <>
          <section class="site-section" aria-labelledby="move">
            <h2 class="kern-heading-medium" id="move">
              {t.t('manage.moveTitle')}
            </h2>
            <p class="kern-body">{t.t('manage.moveText')}</p>
            <ul class="kern-list">
              {view.service.locationIds.length > 0 ? (
                <li class="kern-body">
                  <a class="kern-link" href={`${base}/move`}>
                    {t.t('manage.moveLink')}
                  </a>
                </li>
              ) : null}
            </ul>
          </section>
          <section class="site-section" aria-labelledby="cancel">
            <h2 class="kern-heading-medium" id="cancel">
              {t.t('manage.cancelTitle')}
            </h2>
            <ErrorSummary
              title={t.t('form.errorSummary')}
              errors={notice === 'confirmMissing' ? [{ field: 'confirm', message: t.t('manage.confirmMissing') }] : []}
            />
            <form class="site-form" method="post" action={`${base}/cancel`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <div class="kern-form-check">
                {notice === 'confirmMissing' ? (
                  <FieldError id="confirm-error" text={t.t('manage.confirmMissing')} />
                ) : null}
                <input
                  class="kern-form-check__checkbox"
                  type="checkbox"
                  id="confirm"
                  name="confirm"
                  value="yes"
                  aria-invalid={notice === 'confirmMissing' ? 'true' : undefined}
                  aria-describedby={notice === 'confirmMissing' ? 'confirm-error' : undefined}
                />
                <label class="kern-label" for="confirm">
                  {t.t('manage.confirmLabel')}
                </label>
              </div>
              <button class="kern-btn kern-btn--secondary" type="submit">
                <span class="kern-label">{t.t('manage.cancelButton')}</span>
              </button>
            </form>
          </section>
        </>
      ) : null}
    </Layout>
  );
}

/** An offer from the waitlist: accept or decline, each a POST. */
export function OfferPage({
  page,
  view,
  token,
  csrf,
}: {
  page: Page;
  view: AppointmentView;
  token: string;
  csrf: string;
}) {
  const { t } = page;
  const when = formatSlot(t.locale, view.startsAt);
  const until = view.releasesAt ? formatSlot(t.locale, view.releasesAt) : null;
  const base = href(page, `/appointments/offer/${token}`);
  return (
    <Layout page={page} title={t.t('offer.title')} nav="services">
      <h1 class="kern-heading-large">{t.t('offer.title')}</h1>
      <p class="kern-body">
        {t.t('offer.text', {
          service: view.service.name,
          location: view.location.name,
          date: when.date,
          time: when.time,
        })}
      </p>
      {until ? <p class="kern-body">{t.t('offer.until', { until: `${until.date} ${until.time}` })}</p> : null}
      <form method="post" action={`${base}/accept`} class="site-inline-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('offer.accept')}</span>
        </button>
      </form>
      <form method="post" action={`${base}/decline`} class="site-inline-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('offer.decline')}</span>
        </button>
      </form>
    </Layout>
  );
}
