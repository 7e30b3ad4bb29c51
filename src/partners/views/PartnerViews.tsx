/** How public pages show partner organisations: the help page's cards, the service page's section, short link lists. */
import type { Locale } from '../../platform/i18n/locales.js';
import type { Translator } from '../../platform/i18n/translator.js';
import { href, type Page } from '../../platform/layout/page.js';
import type { PartnerEntry, RelatedPartner } from '../directory.js';
import { TIMINGS } from '../timing.js';

// Making a formatter costs more than using it: one per language, made once.
const namers = new Map<Locale, Intl.DisplayNames>();

/** A language's name in the reader's language ("Arabisch", "Arabic", "عربي"), from its ISO 639-1 code. */
export function languageName(locale: Locale, code: string): string {
  let namer = namers.get(locale);
  if (!namer) {
    namer = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    namers.set(locale, namer);
  }
  return namer.of(code) ?? code;
}

/** Where a partner's card is on the help page. */
export function partnerHref(page: Page, slug: string): string {
  return href(page, `/help#partner-${slug}`);
}

/** A partner's proper name: German in every language, marked so that screen readers say it in German. */
export function PartnerName({ t, name }: { t: Translator; name: string }) {
  return t.locale === 'de' ? name : <span lang="de">{name}</span>;
}

function address(partner: PartnerEntry): string {
  return [partner.street, [partner.postalCode, partner.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** The help page's card of one partner: what it offers, where, when, in which languages, how to reach it. */
export function PartnerCard({ page, partner }: { page: Page; partner: PartnerEntry }) {
  const { t } = page;
  const id = `partner-${partner.slug}`;
  const where = address(partner);
  return (
    <article class="site-section site-partner" id={id} aria-labelledby={`${id}-name`} data-partner={partner.slug}>
      <h3 class="kern-heading-small" id={`${id}-name`}>
        <PartnerName t={t} name={partner.name} />
      </h3>
      <p class="kern-body">{partner.summary}</p>
      {partner.offers.length > 0 ? (
        <>
          <p class="kern-body kern-body--bold">{t.t('partners.offers')}</p>
          <ul class="kern-list">
            {partner.offers.map((offer) => (
              <li key={offer.key} class="kern-body">
                {offer.title}
                {offer.description ? `: ${offer.description}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <dl class="site-partner__facts">
        {where ? (
          <>
            <dt class="kern-body kern-body--bold">{t.t('partners.address')}</dt>
            <dd class="kern-body">
              <bdi lang="de">{where}</bdi>
            </dd>
          </>
        ) : null}
        {partner.hours ? (
          <>
            <dt class="kern-body kern-body--bold">{t.t('partners.hours')}</dt>
            <dd class="kern-body">{partner.hours}</dd>
          </>
        ) : null}
        {partner.languages.length > 0 ? (
          <>
            <dt class="kern-body kern-body--bold">{t.t('partners.languages')}</dt>
            <dd class="kern-body">{partner.languages.map((code) => languageName(t.locale, code)).join(', ')}</dd>
          </>
        ) : null}
        {partner.phone ? (
          <>
            <dt class="kern-body kern-body--bold">{t.t('partners.phone')}</dt>
            <dd class="kern-body">
              <a class="kern-link" href={`tel:${partner.phone.replace(/[^+0-9]/g, '')}`}>
                <bdi dir="ltr">{partner.phone}</bdi>
              </a>
            </dd>
          </>
        ) : null}
        {partner.email ? (
          <>
            <dt class="kern-body kern-body--bold">{t.t('partners.email')}</dt>
            <dd class="kern-body site-partner__long">
              <a class="kern-link" href={`mailto:${partner.email}`}>
                <bdi dir="ltr">{partner.email}</bdi>
              </a>
            </dd>
          </>
        ) : null}
        {partner.website ? (
          <>
            <dt class="kern-body kern-body--bold">{t.t('partners.website')}</dt>
            <dd class="kern-body site-partner__long">
              <a class="kern-link" href={partner.website} rel="noopener">
                <bdi dir="ltr">{partner.website.replace(/^https:\/\//, '')}</bdi>
              </a>
            </dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

/** One line naming a partner and what it helps with, linking to its card on the help page. */
export function PartnerLine({ page, partner }: { page: Page; partner: PartnerEntry }) {
  const titles = partner.offers.map((o) => o.title).join(', ');
  const where = address(partner);
  return (
    <li class="kern-body" data-partner={partner.slug}>
      {titles ? `${titles} – ` : ''}
      <a class="kern-link" href={partnerHref(page, partner.slug)}>
        <PartnerName t={page.t} name={partner.name} />
      </a>
      {where ? (
        <>
          {', '}
          <bdi lang="de">{where}</bdi>
        </>
      ) : null}
    </li>
  );
}

/** A short list of partners with a link to all of them (guide, pathway check, refusal, emergencies). */
export function PartnerLinks({
  page,
  partners,
  intro,
}: {
  page: Page;
  partners: readonly PartnerEntry[];
  intro: string;
}) {
  if (partners.length === 0) return null;
  return (
    <div class="site-partner-links" data-partners="listed">
      <p class="kern-body">{intro}</p>
      <ul class="kern-list">
        {partners.map((p) => (
          <PartnerLine key={p.id} page={page} partner={p} />
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={href(page, '/help')}>
          {page.t.t('partners.allHelp')}
        </a>
      </p>
    </div>
  );
}

/** The service page's section: the partners that help with this service, by when they help. */
export function RelatedPartners({ page, related }: { page: Page; related: readonly RelatedPartner[] }) {
  if (related.length === 0) return null;
  const { t } = page;
  return (
    <section class="site-section" aria-labelledby="related-partners" data-partners="related">
      <h2 class="kern-heading-medium" id="related-partners">
        {t.t('partners.related.title')}
      </h2>
      {TIMINGS.map((timing) => {
        const partners = related.filter((p) => p.timing === timing);
        if (partners.length === 0) return null;
        return (
          <div key={timing} data-timing={timing}>
            <h3 class="kern-heading-small">{t.t(`partners.timing.${timing}`)}</h3>
            <ul class="kern-list">
              {partners.map((p) => (
                <PartnerLine key={p.id} page={page} partner={p} />
              ))}
            </ul>
          </div>
        );
      })}
      <p class="kern-body">
        <a class="kern-link" href={href(page, '/help')}>
          {t.t('partners.allHelp')}
        </a>
      </p>
    </section>
  );
}
