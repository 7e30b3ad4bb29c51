import type { Translator } from '../i18n/translator.js';
import type { PublishedProcessingTime } from './processing-time.js';

/**
 * "Most applications like yours are decided within …": the published processing time of one
 * service in a sentence, or that there is not enough data yet; with a link to all services' times.
 * Shown on the service page and the status page.
 */
export function ProcessingTimeNote({
  t,
  time,
  link,
}: {
  t: Translator;
  time: PublishedProcessingTime | null;
  link: string;
}) {
  return (
    <span class="site-processing-time">
      {time && time.p80Days !== null && time.medianDays !== null
        ? t.t('reports.public.note', { p80: time.p80Days, median: time.medianDays })
        : t.t('reports.public.noteNotEnough')}{' '}
      <a class="kern-link" href={link}>
        {t.t('reports.public.link')}
      </a>
    </span>
  );
}
