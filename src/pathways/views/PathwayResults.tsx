import type { Day } from '../../platform/clock/office-time.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';
import type { Translator } from '../../platform/i18n/translator.js';
import { Alert } from '../../platform/layout/components.js';
import { type Missing, notForTitle, type PathwayResult } from '../evaluate.js';
import { formatDay } from '../format.js';
import { Citation } from './PathwayForm.js';
import type { PartnerEntry } from '../../partners/directory.js';
import { PartnerLinks } from '../../partners/views/PartnerViews.js';
import type { Page } from '../../platform/layout/page.js';

export type DocumentNames = ReadonlyMap<string, { readonly name: string; readonly de: string }>;

/** A missing condition in words. */
export function missingText(t: Translator, missing: Missing): string {
  switch (missing.kind) {
    case 'title':
      return t.t('pathway.missing.title');
    case 'german':
      return t.t('pathway.missing.german', { level: missing.level });
    case 'knowledge':
      return t.t('pathway.missing.knowledge');
    case 'pension':
      return t.t('pathway.missing.pension', { months: missing.months });
    case 'livelihood':
      return t.t(`pathway.missing.livelihood.${missing.level}`);
  }
}

/** What to do about what is missing: one step per kind, recognition counselling where the title is the skilled workers'. */
export function todoKeys(result: PathwayResult): MessageKey[] {
  const keys = result.missing.map((m): MessageKey => `pathway.todo.${m.kind}`);
  if (result.missing.some((m) => m.kind === 'title') && result.variant.titles.includes('skilled'))
    keys.push('pathway.todo.recognition');
  return keys;
}

/** "Possible now", "possible from …" or "missing:", plainly or in easy words. */
export function standingText(t: Translator, result: PathwayResult, easy: boolean): string {
  const date = formatDay(t.locale, result.periodDone);
  if (result.standing === 'now') return t.t(easy ? 'pathway.easy.now' : 'pathway.now');
  if (result.standing === 'from') return t.t(easy ? 'pathway.easy.from' : 'pathway.from', { date });
  return t.t(easy ? 'pathway.easy.missing' : 'pathway.missingTitle');
}

const STANDING_ALERT = { now: 'success', from: 'info', missing: 'warning' } as const;

interface Links {
  /** The service page of the pathway's service, in the reader's language. */
  service(slug: string): string;
  /** Booking an advice appointment. */
  readonly booking: string;
}

function Reachable({
  t,
  result,
  documents,
  today,
  easy,
  links,
}: {
  t: Translator;
  result: PathwayResult;
  documents: DocumentNames;
  today: Day;
  easy: boolean;
  links: Links | null;
}) {
  const { pathway, variant } = result;
  const id = `pathway-${pathway.id}`;
  const docs = pathway.documents.flatMap((slug) => {
    const found = documents.get(slug);
    return found ? [found.name] : [];
  });
  return (
    <section
      class="site-section site-pathway"
      aria-labelledby={id}
      data-pathway={pathway.id}
      data-standing={result.standing}
    >
      <h3 class="kern-heading-small" id={id}>
        {pathway.names[t.locale]}
      </h3>
      <Alert kind={STANDING_ALERT[result.standing]} title={standingText(t, result, easy)}>
        {result.standing === 'missing' ? (
          <>
            <ul class="kern-list kern-list--bullet">
              {result.missing.map((m) => (
                <li key={m.kind}>{missingText(t, m)}</li>
              ))}
            </ul>
            {result.periodDone > today ? (
              <p class="kern-body">{t.t('pathway.periodDone', { date: formatDay(t.locale, result.periodDone) })}</p>
            ) : null}
          </>
        ) : null}
      </Alert>
      {result.standing === 'missing' ? (
        <>
          <h4 class="kern-title">{t.t('pathway.todoTitle')}</h4>
          <ul class="kern-list kern-list--bullet">
            {todoKeys(result).map((key) => (
              <li key={key}>{t.t(key)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {pathway.office === 'naturalisation' ? <p class="kern-body">{t.t('pathway.naturalisationOffice')}</p> : null}
      {docs.length > 0 ? (
        <>
          <h4 class="kern-title">{t.t('pathway.documents')}</h4>
          <ul class="kern-list kern-list--bullet">
            {docs.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </>
      ) : null}
      {links ? (
        <ul class="kern-list">
          {pathway.serviceSlug ? (
            <li>
              <a class="kern-link" href={links.service(pathway.serviceSlug)}>
                {t.t('pathway.service')}
                <span class="kern-sr-only">{`: ${pathway.names[t.locale]}`}</span>
              </a>
            </li>
          ) : null}
          <li>
            <a class="kern-link" href={links.booking}>
              {t.t('pathway.book')}
              <span class="kern-sr-only">{`: ${pathway.names[t.locale]}`}</span>
            </a>
          </li>
        </ul>
      ) : null}
      <p class="kern-body kern-body--small">
        {t.t('pathway.legalBasis')}: <Citation text={variant.legalBasis} /> ·{' '}
        {t.t('pathway.lastChecked', { date: formatDay(t.locale, pathway.lastChecked) })}
      </p>
    </section>
  );
}

/** The reachable pathways, then those that do not fit the person's title, then the partners' place. */
export function PathwayResults({
  t,
  results,
  documents,
  today,
  rulesDate,
  easy,
  links,
}: {
  t: Translator;
  results: readonly PathwayResult[];
  documents: DocumentNames;
  today: Day;
  rulesDate: Day;
  easy: boolean;
  links: Links | null;
}) {
  const reachable = results.filter((r) => !notForTitle(r));
  const other = results.filter(notForTitle);
  const date = formatDay(t.locale, rulesDate);
  return (
    <section class="site-section" aria-labelledby="pathway-results">
      <h2 class="kern-heading-medium" id="pathway-results">
        {t.t('pathway.resultTitle')}
      </h2>
      <Alert kind="info" title={t.t('guide.noteTitle')}>
        <p class="kern-body">{t.t(easy ? 'pathway.easy.disclaimer' : 'pathway.disclaimer', { date })}</p>
      </Alert>
      {reachable.map((result) => (
        <Reachable
          key={result.pathway.id}
          t={t}
          result={result}
          documents={documents}
          today={today}
          easy={easy}
          links={links}
        />
      ))}
      {other.length > 0 ? (
        <section class="site-section site-pathway" aria-labelledby="pathway-other">
          <h3 class="kern-heading-small" id="pathway-other">
            {t.t('pathway.notForTitle')}
          </h3>
          <ul class="kern-list kern-list--bullet">
            {other.map((r) => (
              <li key={r.pathway.id} data-pathway={r.pathway.id}>
                {r.pathway.names[t.locale]} <Citation text={`(${r.pathway.legalBasis})`} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

/**
 * The partners who help with what is missing (migration counselling, recognition counselling,
 * language courses, the Jobcenter: helping-partners.ts), from the office's partner directory,
 * linked to their entries on the help page; and the office's own advice appointment.
 */
export function PartnersPlace({
  page,
  partners,
  booking,
}: {
  page: Page;
  partners: readonly PartnerEntry[];
  booking: string;
}) {
  const { t } = page;
  return (
    <section class="site-section" aria-labelledby="pathway-partners">
      <h2 class="kern-heading-medium" id="pathway-partners">
        {t.t('pathway.partners')}
      </h2>
      <PartnerLinks page={page} partners={partners} intro={t.t('partners.pathway.intro')} />
      <p class="kern-body">
        <a class="kern-link" href={booking}>
          {t.t('pathway.book')}
        </a>
      </p>
    </section>
  );
}
