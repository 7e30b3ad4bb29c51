import { ProcessingTimeNote } from '../../platform/reports/ProcessingTimeNote.js';
import type { PublishedProcessingTime } from '../../platform/reports/processing-time.js';
import { LocationDetails } from '../../authorities/views/LocationDetails.js';
import { DescriptionList } from '../../platform/layout/components.js';
import { Layout } from '../../platform/layout/Layout.js';
import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import type { FoundService } from '../find-service.js';
import { languageName } from '../../platform/i18n/language-names.js';
import { feeText, minutesText, processingText } from './format.js';

export function ServicePage({
  page,
  found,
  spoken,
  processingTime,
}: {
  page: Page;
  found: FoundService;
  /** Languages spoken at each location besides German, by location id. */
  spoken: ReadonlyMap<string, readonly string[]>;
  /** The measured processing time of the last 6 months (reports/); undefined for services not applied for online. */
  processingTime?: PublishedProcessingTime | null | undefined;
}) {
  const { t } = page;
  const { service, locations } = found;
  return (
    <Layout page={page} title={service.name} nav="services">
      <p class="kern-body">
        <a class="kern-link" href={href(page, '/services')}>
          {t.t('service.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{service.name}</h1>
      <p class="kern-body kern-body--large">{service.summary}</p>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={href(page, `/appointments/${service.slug}`)}>
          <span class="kern-label">{t.t('service.book')}</span>
        </a>
        {service.onlineApplication ? (
          <>
            {' '}
            <a class="kern-btn kern-btn--secondary" href={href(page, `/apply/${service.slug}`)}>
              <span class="kern-label">{t.t('service.apply')}</span>
            </a>
          </>
        ) : null}
      </p>

      <section class="site-section" aria-labelledby="audience">
        <h2 class="kern-heading-medium" id="audience">
          {t.t('service.audience')}
        </h2>
        <p class="kern-body">{service.audience}</p>
      </section>

      <section class="site-section" aria-labelledby="documents">
        <h2 class="kern-heading-medium" id="documents">
          {t.t('service.documents')}
        </h2>
        {service.documents.length === 0 ? (
          <p class="kern-body">{t.t('service.noDocuments')}</p>
        ) : (
          <ul class="kern-list kern-list--bullet">
            {service.documents.map((document) => (
              <li key={document.slug} class="kern-body">
                <strong>{document.name}</strong>
                {document.hint ? (
                  <span>
                    {' – '}
                    {document.hint}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="site-section" aria-labelledby="facts">
        <h2 class="kern-heading-medium" id="facts">
          {t.t('service.facts')}
        </h2>
        <DescriptionList
          items={[
            {
              key: t.t('service.fee'),
              value: (
                <>
                  {feeText(t, service)}
                  {service.feeNote ? (
                    <>
                      <br />
                      {service.feeNote}
                    </>
                  ) : null}
                </>
              ),
            },
            { key: t.t('service.appointmentLength'), value: minutesText(t, service.appointmentMinutes) },
            { key: t.t('service.processingTime'), value: processingText(t, service.processingDays) },
            ...(processingTime !== undefined
              ? [
                  {
                    key: t.t('reports.public.measured'),
                    value: <ProcessingTimeNote t={t} time={processingTime} link={href(page, '/processing-times')} />,
                  },
                ]
              : []),
            {
              key: t.t('service.online'),
              value: service.onlineApplication ? t.t('service.onlineYes') : t.t('service.onlineNo'),
            },
            { key: t.t('service.walkIn'), value: service.walkIn ? t.t('service.walkInYes') : t.t('service.walkInNo') },
            {
              key: t.t('service.legalBasis'),
              value: (
                <span class="site-legal" lang="de">
                  {service.legalBasis}
                </span>
              ),
            },
            ...(service.leikaKey
              ? [{ key: t.t('service.leika'), value: <span class="site-legal">{service.leikaKey}</span> }]
              : []),
          ]}
        />
      </section>

      <section class="site-section" aria-labelledby="where">
        <h2 class="kern-heading-medium" id="where">
          {t.t('service.where')}
        </h2>
        {locations.map((location) => (
          <div key={location.id}>
            <LocationDetails t={t} location={location} />
            <SpokenLanguages page={page} codes={spoken.get(location.id) ?? []} />
          </div>
        ))}
      </section>
    </Layout>
  );
}

/** "Languages spoken here: German, Arabic, …" in the reader's language (names from the runtime's CLDR data). */
function SpokenLanguages({ page, codes }: { page: Page; codes: readonly string[] }) {
  const { t } = page;
  const names = ['de', ...codes.filter((c) => c !== 'de')].map((code) => languageName(code, t.locale));
  const list = new Intl.ListFormat(t.locale, { style: 'long', type: 'conjunction' }).format(names);
  return <p class="kern-body">{t.t('competences.spokenLanguages', { languages: list })}</p>;
}
