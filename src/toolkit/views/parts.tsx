/** Pieces the toolkit's pages share: rendered Markdown, feature links, the area's name. */
import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import type { StaffPage } from '../../platform/staff/StaffLayout.js';
import { renderMarkdown } from '../markdown.js';
import type { Area } from '../module-content.js';

/**
 * A section's Markdown as HTML. The only place the toolkit inserts HTML: markdown-it escapes raw
 * HTML (`html: false`) and drops unsafe links (markdown.ts), and it renders from the stored text.
 */
export function Markdown({ text }: { text: string }) {
  return <div class="site-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

/** The names of the product's features a module may link to; any other path is shown as itself. */
const FEATURE_LABELS: Readonly<Record<string, StaffMessageKey>> = {
  '/staff/appointments': 'staff.nav.appointments',
  '/staff/appointments/settings': 'staff.nav.appointmentSettings',
  '/staff/cases': 'staff.nav.cases',
  '/staff/queue': 'staff.nav.queue',
  '/staff/queue/kiosks': 'staff.nav.kiosks',
  '/staff/renewals': 'staff.nav.renewals',
  '/staff/pathway': 'staff.nav.pathway',
  '/staff/surveys': 'toolkit.feature.surveys',
  '/staff/pulse': 'toolkit.feature.pulse',
  '/staff/reports/satisfaction': 'toolkit.feature.satisfaction',
  '/staff/reports/staffing': 'toolkit.feature.staffing',
  '/staff/reports': 'toolkit.feature.reports',
  '/staff/competences': 'toolkit.feature.competences',
  '/staff/trainings': 'toolkit.feature.trainings',
  '/staff/reports/languages': 'toolkit.feature.languages',
  '/staff/partners': 'toolkit.feature.partners',
  '/staff/referrals': 'toolkit.feature.referrals',
  '/staff/reports/network': 'toolkit.feature.network',
  '/staff/toolkit': 'toolkit.feature.toolkit',
};

export function featureLabel(page: StaffPage, path: string): string {
  const key = Object.hasOwn(FEATURE_LABELS, path) ? FEATURE_LABELS[path] : undefined;
  return key ? page.t.t(key) : path;
}

export function areaName(page: StaffPage, area: Area): string {
  return page.t.t(`toolkit.area.${area}`);
}

export function moduleHref(slug: string, suffix = ''): string {
  return `/staff/toolkit/${encodeURIComponent(slug)}${suffix}`;
}
