import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';
import type { ServiceSummary } from '../service.js';
import { feeText } from './format.js';

export function ServiceCard({ page, service }: { page: Page; service: ServiceSummary }) {
  const { t } = page;
  return (
    <article class="kern-card">
      <div class="kern-card__container">
        <header class="kern-card__header">
          <h3 class="kern-title">
            <a class="kern-link kern-link--stretched" href={href(page, `/services/${service.slug}`)}>
              {service.name}
            </a>
          </h3>
        </header>
        <section class="kern-card__body">
          <p class="kern-body">{service.summary}</p>
          <p class="kern-body kern-body--small">
            {t.t('service.fee')}: {feeText(t, service)}
          </p>
          {service.onlineApplication || service.walkIn ? (
            <p class="site-badges">
              {service.onlineApplication ? (
                <span class="kern-badge kern-badge--info">{t.t('service.badge.online')}</span>
              ) : null}
              {service.walkIn ? (
                <span class="kern-badge kern-badge--success">{t.t('service.badge.walkIn')}</span>
              ) : null}
            </p>
          ) : null}
        </section>
      </div>
    </article>
  );
}
