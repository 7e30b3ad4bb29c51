import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { ENDONYMS, isLocale } from '../../platform/i18n/locales.js';
import { Alert, SelectField } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { CounterQueue, StaffTicket } from '../counter-queue.js';
import { stepsFrom, type TicketStep } from '../ticket-steps.js';

const BERLIN_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: OFFICE_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
});

function StepButton({
  page,
  ticket,
  step,
  back,
  counterId,
}: {
  page: StaffPage;
  ticket: StaffTicket;
  step: TicketStep;
  back: string;
  counterId: string | null;
}) {
  return (
    <form method="post" action={`/staff/queue/tickets/${ticket.id}/${step}`} class="site-inline-form">
      <input type="hidden" name="_csrf" value={page.staff!.csrf} />
      <input type="hidden" name="back" value={back} />
      {counterId ? <input type="hidden" name="counterId" value={counterId} /> : null}
      <button
        class={`kern-btn ${step === 'served' || step === 'start' ? 'kern-btn--primary' : 'kern-btn--secondary'}`}
        type="submit"
      >
        <span class="kern-label">
          {page.t.t(`queue.step.${step}`)}
          <span class="site-visually-hidden"> {ticket.number}</span>
        </span>
      </button>
    </form>
  );
}

function TransferForm({
  page,
  view,
  ticket,
  back,
}: {
  page: StaffPage;
  view: CounterQueue;
  ticket: StaffTicket;
  back: string;
}) {
  const { t } = page;
  const id = `transfer-${ticket.id}`;
  return (
    <form method="post" action={`/staff/queue/tickets/${ticket.id}/transfer`} class="site-inline-form">
      <input type="hidden" name="_csrf" value={page.staff!.csrf} />
      <input type="hidden" name="back" value={back} />
      <div class="kern-form-input">
        <label class="kern-label" for={`${id}-counter`}>
          {t.t('queue.transferCounter')}
        </label>
        <div class="kern-form-input__select-wrapper">
          <select class="kern-form-input__select" id={`${id}-counter`} name="toCounterId">
            <option value="">{t.t('queue.transferKeep')}</option>
            {view.counters
              .filter((c) => c.id !== ticket.counterId)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
          </select>
        </div>
      </div>
      <div class="kern-form-input">
        <label class="kern-label" for={`${id}-service`}>
          {t.t('queue.transferService')}
        </label>
        <div class="kern-form-input__select-wrapper">
          <select class="kern-form-input__select" id={`${id}-service`} name="toServiceId">
            <option value="">{t.t('queue.transferKeep')}</option>
            {view.services
              .filter((s) => s.id !== ticket.serviceId)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
        </div>
      </div>
      <button class="kern-btn kern-btn--secondary" type="submit">
        <span class="kern-label">
          {t.t('queue.step.transfer')}
          <span class="site-visually-hidden"> {ticket.number}</span>
        </span>
      </button>
    </form>
  );
}

function TicketRow({
  page,
  view,
  ticket,
  back,
  actions,
}: {
  page: StaffPage;
  view: CounterQueue;
  ticket: StaffTicket;
  back: string;
  actions: boolean;
}) {
  const { t } = page;
  const kind =
    ticket.kind === 'appointment'
      ? t.t('queue.kind.appointment', { time: BERLIN_TIME.format(ticket.dueAt ?? 0) })
      : t.t(`queue.kind.${ticket.kind}`);
  return (
    <tr>
      <th scope="row">
        {ticket.number}
        {ticket.id === view.nextId ? ' ➜' : ''}
      </th>
      <td>{kind}</td>
      <td>
        {ticket.serviceName}
        {!ticket.forThisCounter && view.counter ? (
          <span class="kern-body kern-body--small"> ({t.t('queue.notForCounter')})</span>
        ) : null}
      </td>
      <td>
        {isLocale(ticket.language) ? ENDONYMS[ticket.language] : ticket.language}
        {ticket.speaks ? (
          <span title={t.t('queue.speaks')}>
            {' '}
            ✓<span class="site-visually-hidden">{t.t('queue.speaks')}</span>
          </span>
        ) : null}
      </td>
      <td>{t.t('queue.minutes', { minutes: Math.max(0, Math.floor((view.now - ticket.arrivedAt) / 60_000)) })}</td>
      {actions ? (
        <td>
          {stepsFrom(ticket.status)
            .filter((s) => s !== 'transfer')
            .map((step) => (
              <StepButton
                key={step}
                page={page}
                ticket={ticket}
                step={step}
                back={back}
                counterId={view.counter?.id ?? null}
              />
            ))}
        </td>
      ) : null}
    </tr>
  );
}

function TicketTable({
  page,
  view,
  tickets,
  back,
  caption,
  actions,
}: {
  page: StaffPage;
  view: CounterQueue;
  tickets: readonly StaffTicket[];
  back: string;
  caption: string;
  actions: boolean;
}) {
  const { t } = page;
  return (
    <table class="kern-table site-table">
      <caption class="kern-title">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.t('queue.col.number')}</th>
          <th scope="col">{t.t('queue.col.kind')}</th>
          <th scope="col">{t.t('queue.col.service')}</th>
          <th scope="col">{t.t('queue.col.language')}</th>
          <th scope="col">{t.t('queue.col.waited')}</th>
          {actions ? <th scope="col">{t.t('queue.col.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket) => (
          <TicketRow key={ticket.id} page={page} view={view} ticket={ticket} back={back} actions={actions} />
        ))}
      </tbody>
    </table>
  );
}

/** The caseworker's queue: their counter, the person at it (with the steps), "call next", who waits and why in that order. */
export function StaffQueuePage({
  page,
  view,
  notice,
  values,
}: {
  page: StaffPage;
  view: CounterQueue;
  notice: { key: StaffMessageKey; ok: boolean } | null;
  values: Record<string, string>;
}) {
  const { t } = page;
  const back = `/staff/queue?location=${view.location.slug}${view.counter ? `&counter=${view.counter.id}` : ''}`;
  const current = view.current;
  const next = view.waiting.find((w) => w.id === view.nextId);
  return (
    <StaffLayout page={page} title={t.t('queue.title', { location: view.location.name })}>
      <h1 class="kern-heading-large">{t.t('queue.title', { location: view.location.name })}</h1>
      {notice ? <Alert kind={notice.ok ? 'success' : 'warning'} title={t.t(notice.key, values)} live /> : null}
      <form method="get" action="/staff/queue" class="site-inline-form">
        <SelectField
          id="location"
          label={t.t('queue.location')}
          value={view.location.slug}
          options={view.locations.map((l) => ({ value: l.slug, label: l.name }))}
        />
        <SelectField
          id="counter"
          label={t.t('queue.counter')}
          value={view.counter?.id}
          options={[{ value: '', label: '–' }, ...view.counters.map((c) => ({ value: c.id, label: c.label }))]}
        />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('queue.show')}</span>
        </button>
      </form>
      {!view.counter ? (
        <p class="kern-body">{t.t('queue.noCounter')}</p>
      ) : (
        <section aria-labelledby="current" class="site-queue-current">
          <h2 class="kern-heading-medium" id="current">
            {t.t('queue.current')} ({view.counter.label})
          </h2>
          {current ? (
            <div>
              <p class="kern-body kern-body--large">
                <strong>{current.number}</strong> – {current.serviceName} –{' '}
                {current.status === 'serving'
                  ? t.t('queue.status.serving')
                  : t.t('queue.status.called', { calls: current.calls })}
              </p>
              <div class="site-actions">
                {stepsFrom(current.status)
                  .filter((s) => s !== 'transfer')
                  .map((step) => (
                    <StepButton
                      key={step}
                      page={page}
                      ticket={current}
                      step={step}
                      back={back}
                      counterId={view.counter!.id}
                    />
                  ))}
              </div>
              <TransferForm page={page} view={view} ticket={current} back={back} />
            </div>
          ) : (
            <div>
              <p class="kern-body">{t.t('queue.none')}</p>
              {next ? (
                <p class="kern-body">{t.t('queue.nextIs', { number: next.number, service: next.serviceName })}</p>
              ) : null}
              <form method="post" action="/staff/queue/call-next">
                <input type="hidden" name="_csrf" value={page.staff!.csrf} />
                <input type="hidden" name="counterId" value={view.counter.id} />
                <input type="hidden" name="back" value={back} />
                <button class="kern-btn kern-btn--primary" type="submit">
                  <span class="kern-label">{t.t('queue.callNext')}</span>
                </button>
              </form>
            </div>
          )}
        </section>
      )}
      <TicketTable
        page={page}
        view={view}
        tickets={view.waiting}
        back={back}
        caption={t.t('queue.waiting', { count: view.waiting.length })}
        actions={false}
      />
      {view.parked.length > 0 ? (
        <TicketTable page={page} view={view} tickets={view.parked} back={back} caption={t.t('queue.parked')} actions />
      ) : null}
      {view.elsewhere.length > 0 ? (
        <table class="kern-table site-table">
          <caption class="kern-title">{t.t('queue.elsewhere')}</caption>
          <thead>
            <tr>
              <th scope="col">{t.t('queue.col.number')}</th>
              <th scope="col">{t.t('queue.col.counter')}</th>
              <th scope="col">{t.t('queue.col.service')}</th>
            </tr>
          </thead>
          <tbody>
            {view.elsewhere.map((ticket) => (
              <tr key={ticket.id}>
                <th scope="row">{ticket.number}</th>
                <td>{ticket.counterLabel}</td>
                <td>{ticket.serviceName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </StaffLayout>
  );
}
