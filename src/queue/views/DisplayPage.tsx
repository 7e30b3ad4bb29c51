import { LOCALES, direction } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import { BareLayout } from '../../platform/layout/BareLayout.js';
import type { Page } from '../../platform/layout/page.js';
import type { DisplayCall } from '../queue-views.js';

/**
 * The waiting-room screen: the numbers called and their counters, newest first, large enough to
 * read from across the room; a welcome in the seven languages taking turns. The script keeps it
 * live (server-sent events), sounds a chime on each call and reconnects by itself.
 */
export function DisplayPage({
  page,
  locationName,
  calls,
  eventsUrl,
}: {
  page: Page;
  locationName: string;
  calls: readonly DisplayCall[];
  eventsUrl: string;
}) {
  const { t } = page;
  return (
    <BareLayout page={page} title={t.t('queue.display.title')} kind="display" scripts={['queue-live.js']}>
      <div class="site-display" data-live={eventsUrl} data-live-kind="display">
        <header class="site-display__header">
          <h1 class="site-display__place">{locationName}</h1>
          <ul class="site-display__welcome" data-rotate>
            {LOCALES.map((locale) => (
              <li key={locale} lang={locale} dir={direction(locale)}>
                {translator(locale).t('queue.kiosk.welcome')}
              </li>
            ))}
          </ul>
        </header>
        <p class="site-display__offline" role="status" data-live-offline hidden>
          {t.t('queue.display.offline')}
        </p>
        <button class="kern-btn kern-btn--secondary" type="button" data-sound hidden>
          <span class="kern-label">{t.t('queue.display.sound')}</span>
        </button>
        <table class="site-display__calls">
          <caption class="site-visually-hidden">{t.t('queue.display.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t.t('queue.display.number')}</th>
              <th scope="col">{t.t('queue.display.counter')}</th>
            </tr>
          </thead>
          <tbody aria-live="polite" data-calls>
            {calls.map((call, i) => (
              <tr
                key={call.number}
                class={i === 0 ? 'is-latest' : undefined}
                data-call={`${call.number}:${call.calls}`}
              >
                <td dir="ltr">{call.number}</td>
                <td>{call.counter}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="site-display__empty" data-empty hidden={calls.length > 0}>
          {t.t('queue.display.empty')}
        </p>
      </div>
    </BareLayout>
  );
}
