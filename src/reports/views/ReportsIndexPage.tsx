import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';

/**
 * Every figures page of the office, by path: this capability's three and those of the surveys,
 * staffing, competences and referrals capabilities (each checks its own action).
 */
export const REPORT_LINKS: readonly { href: string; label: StaffMessageKey }[] = [
  { href: '/staff/reports/waiting', label: 'reports.page.waiting' },
  { href: '/staff/reports/appointments', label: 'reports.page.appointments' },
  { href: '/staff/reports/processing', label: 'reports.page.processing' },
  { href: '/staff/reports/satisfaction', label: 'reports.page.satisfaction' },
  { href: '/staff/reports/staffing', label: 'reports.page.staffing' },
  { href: '/staff/reports/languages', label: 'reports.page.languages' },
  { href: '/staff/reports/network', label: 'reports.page.network' },
];

export function ReportsIndexPage({ page, asOf }: { page: StaffPage; asOf: string | null }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('reports.title')}>
      <h1 class="kern-heading-large">{t.t('reports.title')}</h1>
      <p class="kern-body">{t.t('reports.intro')}</p>
      <p class="kern-body">{asOf ? t.t('reports.asOf', { day: asOf }) : t.t('reports.notYet')}</p>
      <ul class="kern-list">
        {REPORT_LINKS.map((link) => (
          <li key={link.href}>
            <a class="kern-link" href={link.href}>
              {t.t(link.label)}
            </a>
          </li>
        ))}
        <li>
          <a class="kern-link" href="/staff/reports/summary.pdf">
            {t.t('reports.pdf')}
          </a>
        </li>
      </ul>
    </StaffLayout>
  );
}
