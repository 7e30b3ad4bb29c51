import type { Location } from '../../../authorities/list-locations.js';
import { Alert, DescriptionList, ErrorSummary } from '../../../platform/layout/components.js';
import { Layout } from '../../../platform/layout/Layout.js';
import { href, type Page } from '../../../platform/layout/page.js';
import type { PublicDraw } from '../draw-rounds.js';
import { formatSlot } from '../../slot-format.js';
import type { DetailsForm } from '../../booking/views/BookingPages.js';
import { PersonFields } from '../../../platform/forms/PersonFields.js';

/**
 * A draw round in public: how it works, the commitment, the list of pseudonymous registrations,
 * and after the draw the seed and the allocation, recomputed and checked here. Anyone can redo it.
 */
export function DrawPage({
  page,
  draw,
  serviceName,
  location,
  form,
  registered,
}: {
  page: Page;
  draw: PublicDraw;
  serviceName: string;
  location: Location;
  form: DetailsForm | null;
  registered: { pseudonym: string; merged: boolean } | null;
}) {
  const { t } = page;
  const { round } = draw;
  const open = !round.drawnAt && round.closesAt.getTime() > Date.now() && round.opensAt.getTime() <= Date.now();
  const at = (d: Date) => {
    const f = formatSlot(t.locale, d);
    return `${f.date} ${f.time}`;
  };
  const winners = new Set(draw.result?.winners.map((w) => w.pseudonym));
  return (
    <Layout page={page} title={t.t('draw.title', { service: serviceName })} nav="services">
      <h1 class="kern-heading-large">{t.t('draw.title', { service: serviceName })}</h1>
      {registered ? (
        <Alert
          kind="success"
          title={t.t(registered.merged ? 'draw.mergedTitle' : 'draw.registeredTitle', {
            pseudonym: registered.pseudonym,
          })}
          live
        />
      ) : null}
      <DescriptionList
        items={[
          {
            key: t.t('appointment.field.place'),
            value: `${location.name}, ${location.street}, ${location.postalCode} ${location.city}`,
          },
          { key: t.t('draw.window'), value: `${at(round.opensAt)} – ${at(round.closesAt)}` },
          {
            key: t.t('draw.slots'),
            value: `${formatSlot(t.locale, Date.parse(`${round.slotsFrom}T12:00:00Z`)).date} – ${formatSlot(t.locale, Date.parse(`${round.slotsUntil}T12:00:00Z`)).date}`,
          },
          { key: t.t('draw.commitment'), value: <span class="site-hash">{round.seedHash}</span> },
          ...(round.seed ? [{ key: t.t('draw.seed'), value: <span class="site-hash">{round.seed}</span> }] : []),
        ]}
      />
      <p class="kern-body">{t.t('draw.rules')}</p>
      {open && form ? (
        <section class="site-section" aria-labelledby="register">
          <h2 class="kern-heading-medium" id="register">
            {t.t('draw.registerTitle')}
          </h2>
          {form.notice ? <Alert kind="danger" title={t.t(form.notice)} live /> : null}
          <ErrorSummary
            title={t.t('form.errorSummary')}
            errors={form.errors.map((e) => ({ field: e.field, message: t.t(e.message) }))}
          />
          <p class="kern-body">{t.t('booking.identityNote')}</p>
          <form class="site-form" method="post" action={href(page, `/draws/${round.id}/register`)} novalidate>
            <input type="hidden" name="_csrf" value={form.csrf} />
            <PersonFields page={page} values={form.values} errors={form.errors} />
            <button class="kern-btn kern-btn--primary" type="submit">
              <span class="kern-label">{t.t('booking.sendCode')}</span>
            </button>
          </form>
        </section>
      ) : null}
      {draw.result ? (
        <Alert
          kind={draw.verified ? 'success' : 'danger'}
          title={t.t(draw.verified ? 'draw.verified' : 'draw.notVerified')}
        >
          <p class="kern-body">
            {t.t('draw.verifiedText', { slots: round.slotCount ?? 0, people: draw.entries.length })}
          </p>
        </Alert>
      ) : null}
      <section class="site-section" aria-labelledby="list">
        <h2 class="kern-heading-medium" id="list">
          {t.t('draw.listTitle', { count: draw.entries.length })}
        </h2>
        <p class="kern-body">
          {t.t('draw.listText')}{' '}
          <a class="kern-link" href={`/api/v1/draws/${round.id}`}>
            {t.t('draw.json')}
          </a>
        </p>
        {draw.entries.length > 0 ? (
          <table class="site-table">
            <thead>
              <tr>
                <th scope="col">{t.t('draw.position')}</th>
                <th scope="col">{t.t('draw.pseudonym')}</th>
                <th scope="col">{t.t('draw.urgent')}</th>
                <th scope="col">{t.t('draw.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {(draw.result
                ? draw.result.order.map((p) => draw.entries.find((e) => e.pseudonym === p)!)
                : draw.entries
              ).map((entry, index) => (
                <tr key={entry.pseudonym}>
                  <td>{draw.result ? t.number(index + 1) : '–'}</td>
                  <td>
                    <span class="site-hash">{entry.pseudonym}</span>
                  </td>
                  <td>{entry.urgent ? t.t('draw.yes') : t.t('draw.no')}</td>
                  <td>
                    {draw.result
                      ? t.t(winners.has(entry.pseudonym) ? 'draw.won' : 'draw.waitlist')
                      : t.t('draw.pending')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section class="site-section" aria-labelledby="how">
        <h2 class="kern-heading-medium" id="how">
          {t.t('draw.howTitle')}
        </h2>
        <p class="kern-body">{t.t('draw.howText')}</p>
        <pre class="site-hash" lang="en">
          {draw.algorithm}
        </pre>
      </section>
    </Layout>
  );
}
