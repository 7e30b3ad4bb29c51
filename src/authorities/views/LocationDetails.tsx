import type { Translator } from '../../platform/i18n/translator.js';
import type { Location, OpeningHours } from '../list-locations.js';

function groupByDay(hours: readonly OpeningHours[]): Map<number, OpeningHours[]> {
  const days = new Map<number, OpeningHours[]>();
  for (const range of hours) days.set(range.weekday, [...(days.get(range.weekday) ?? []), range]);
  return days;
}

/** Address, accessibility and opening hours of one location. */
export function LocationDetails({
  t,
  location,
  headingLevel = 3,
}: {
  t: Translator;
  location: Location;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const days = groupByDay(location.openingHours);
  const headingId = `location-${location.slug}`;
  return (
    <section class="site-section" aria-labelledby={headingId}>
      <Heading class="kern-heading-small" id={headingId}>
        {location.name}
      </Heading>
      <p class="kern-body">
        <bdi>{location.street}</bdi>,{' '}
        <bdi>
          {location.postalCode} {location.city}
        </bdi>
        <br />
        {t.t('location.phone')}:{' '}
        <a class="kern-link" href={`tel:${location.phone.replace(/[^+0-9]/g, '')}`} dir="ltr">
          {location.phone}
        </a>
        <br />
        {t.t('location.email')}:{' '}
        <a class="kern-link" href={`mailto:${location.email}`}>
          {location.email}
        </a>
      </p>
      {location.access ? <p class="kern-body">{location.access}</p> : null}
      <table class="site-hours kern-body">
        <caption class="kern-label">{t.t('location.openingHours')}</caption>
        <tbody>
          {[1, 2, 3, 4, 5, 6, 7].map((day) => {
            const ranges = days.get(day);
            return (
              <tr key={day}>
                <th scope="row">{t.weekday(day)}</th>
                <td>
                  {ranges
                    ? ranges
                        .map((r) => t.t('location.timeRange', { opens: t.time(r.opens), closes: t.time(r.closes) }))
                        .join(', ')
                    : t.t('location.closed')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
