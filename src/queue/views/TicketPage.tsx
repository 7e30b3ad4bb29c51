import { BareLayout } from '../../platform/layout/BareLayout.js';
import type { Page } from '../../platform/layout/page.js';
import type { Translator } from '../../platform/i18n/translator.js';
import type { TicketState } from '../queue-views.js';

/** What the phone page says for a state, in the person's language: the same lines on the page and in the live update. */
export interface TicketText {
  readonly status: TicketState['status'];
  readonly lines: readonly string[];
}

/**
 * A thousand phone pages of one location are re-rendered on every call, and their lines repeat
 * from call to call (the person 5th becomes 4th, a line the 4th had just before): formatted lines
 * are kept, by language and value, up to a bound.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 20_000;

function line(
  t: Translator,
  key: 'queue.ticket.ahead' | 'queue.ticket.wait',
  name: 'ahead' | 'minutes',
  value: number,
): string {
  const cacheKey = `${t.locale}|${key}|${value}`;
  let text = formatted.get(cacheKey);
  if (text === undefined) {
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    text = t.t(key, { [name]: value });
    formatted.set(cacheKey, text);
  }
  return text;
}

export function ticketText(t: Translator, state: TicketState): TicketText {
  switch (state.status) {
    case 'waiting':
      return {
        status: state.status,
        lines: [
          line(t, 'queue.ticket.ahead', 'ahead', state.ahead),
          line(t, 'queue.ticket.wait', 'minutes', state.waitMinutes),
          t.t('queue.ticket.outside'),
        ],
      };
    case 'called':
      return { status: state.status, lines: [t.t('queue.ticket.called', { counter: state.counter })] };
    case 'serving':
      return { status: state.status, lines: [t.t('queue.ticket.serving', { counter: state.counter })] };
    case 'parked':
      return { status: state.status, lines: [t.t('queue.ticket.parked')] };
    case 'ended':
      return { status: state.status, lines: [t.t('queue.ticket.ended')] };
  }
}

/** The person's phone: their number, how many wait before them, the estimate; live, and "called" the moment it happens. */
export function TicketPage({
  page,
  number,
  text,
  eventsUrl,
  cancelAction,
  csrf,
  notice,
  surveyHref = null,
}: {
  page: Page;
  number: string;
  text: TicketText;
  eventsUrl: string;
  cancelAction: string;
  csrf: string;
  notice: string | null;
  /** Once a walk-in was served: the link to the customer survey. */
  surveyHref?: string | null;
}) {
  const { t } = page;
  const open = text.status === 'waiting' || text.status === 'parked';
  return (
    <BareLayout page={page} title={t.t('queue.ticket.title', { number })} kind="phone" scripts={['queue-live.js']}>
      <div class="kern-container site-phone" data-live={eventsUrl} data-live-kind="ticket">
        <p class="kern-body kern-body--small">{page.siteName}</p>
        <h1 class="kern-heading-large">{t.t('queue.ticket.title', { number })}</h1>
        {notice ? (
          <p class="kern-body" role="status">
            {notice}
          </p>
        ) : null}
        <div
          class={`site-phone__state is-${text.status}`}
          aria-live="assertive"
          aria-atomic="true"
          data-lines
          data-status={text.status}
        >
          {text.lines.map((line) => (
            <p class="kern-body kern-body--large" key={line}>
              {line}
            </p>
          ))}
        </div>
        <p class="kern-body" role="status" data-live-offline hidden>
          {t.t('queue.ticket.offline')}
        </p>
        <p>
          <a class="kern-link" href={`/${t.locale}${page.path}`}>
            {t.t('queue.ticket.refresh')}
          </a>
        </p>
        {surveyHref ? (
          <p class="kern-body">
            <a class="kern-link" href={surveyHref}>
              {t.t('feedback.ticket.invite')}
            </a>
          </p>
        ) : null}
        {open ? (
          <form method="post" action={cancelAction} data-cancel>
            <input type="hidden" name="_csrf" value={csrf} />
            <p class="kern-body kern-body--small">{t.t('queue.ticket.cancelHint')}</p>
            <button class="kern-btn kern-btn--secondary" type="submit">
              <span class="kern-label">{t.t('queue.ticket.cancel')}</span>
            </button>
          </form>
        ) : null}
      </div>
    </BareLayout>
  );
}
