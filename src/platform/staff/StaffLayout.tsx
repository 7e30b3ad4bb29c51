import type { ComponentChildren } from 'preact';
import { assetHref } from '../assets/registry.js';
import type { StaffTranslator } from '../i18n/staff-translator.js';
import { can } from '../access/policies.js';
import type { StaffRequestState } from './staff-request.js';

export interface StaffPage {
  readonly t: StaffTranslator;
  readonly siteName: string;
  /** The signed-in member of staff, with the token for the logout form; absent on sign-in pages. */
  readonly staff?: StaffRequestState;
}

export function StaffLayout({
  page,
  title,
  scripts = [],
  children,
}: {
  page: StaffPage;
  title: string;
  /** Named script assets that enhance the page (it works without them). */
  scripts?: readonly string[];
  children: ComponentChildren;
}) {
  const { t, staff } = page;
  const links: { href: string; label: string }[] = staff
    ? [
        { href: '/staff', label: t.t('staff.nav.dashboard') },
        ...(can(staff.actor, 'appointments.view')
          ? [{ href: '/staff/appointments', label: t.t('staff.nav.appointments') }]
          : []),
        ...(can(staff.actor, 'appointments.configure')
          ? [{ href: '/staff/appointments/settings', label: t.t('staff.nav.appointmentSettings') }]
          : []),
        ...(can(staff.actor, 'cases.view') ? [{ href: '/staff/cases', label: t.t('staff.nav.cases') }] : []),
        ...(can(staff.actor, 'queue.serve') ? [{ href: '/staff/queue', label: t.t('staff.nav.queue') }] : []),
        ...(can(staff.actor, 'queue.configure')
          ? [{ href: '/staff/queue/kiosks', label: t.t('staff.nav.kiosks') }]
          : []),
        // The register belongs to the whole authority: a grant limited to some locations does not reach it.
        ...(can(staff.actor, 'renewals.manage', {
          authorityId: staff.actor.authorityId,
          locationId: null,
          serviceId: null,
        })
          ? [{ href: '/staff/renewals', label: t.t('staff.nav.renewals') }]
          : []),
        ...(can(staff.actor, 'pathways.advise') ? [{ href: '/staff/pathway', label: t.t('staff.nav.pathway') }] : []),
        ...(can(staff.actor, 'surveys.configure')
          ? [{ href: '/staff/surveys', label: t.t('feedback.nav.settings') }]
          : []),
        ...(can(staff.actor, 'dashboard.view') ? [{ href: '/staff/pulse', label: t.t('feedback.nav.pulse') }] : []),
        ...(can(staff.actor, 'referrals.create') ? [{ href: '/staff/referrals', label: t.t('referrals.nav') }] : []),
        ...(can(staff.actor, 'referrals.answer')
          ? [{ href: '/staff/partner', label: t.t('referrals.partnerNav') }]
          : []),
        ...(can(staff.actor, 'partners.manage') ? [{ href: '/staff/partners', label: t.t('staff.nav.partners') }] : []),
        ...(can(staff.actor, 'toolkit.read') ? [{ href: '/staff/toolkit', label: t.t('toolkit.nav') }] : []),
        ...(can(staff.actor, 'reports.view') ? [{ href: '/staff/reports', label: t.t('staff.nav.reports') }] : []),
        ...(can(staff.actor, 'staff.manage')
          ? [
              { href: '/staff/admin/staff', label: t.t('staff.nav.staff') },
              { href: '/staff/admin/sso', label: t.t('staff.nav.sso') },
              { href: '/staff/admin/mail', label: t.t('staff.nav.mail') },
              { href: '/staff/admin/storage', label: t.t('staff.nav.storage') },
            ]
          : []),
        ...(can(staff.actor, 'audit.read') ? [{ href: '/staff/audit', label: t.t('staff.nav.audit') }] : []),
        ...(can(staff.actor, 'competences.view_team')
          ? [{ href: '/staff/competences/team', label: t.t('competences.nav.team') }]
          : []),
        { href: '/staff/competences', label: t.t('competences.nav') },
        { href: '/staff/profile', label: t.t('staff.nav.profile') },
      ]
    : [];
  return (
    <html lang={t.locale} dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} – ${t.t('staff.title')} – ${page.siteName}`}</title>
        <link rel="stylesheet" href={assetHref('site.css')} />
        {scripts.map((name) => (
          <script key={name} src={assetHref(name)} defer />
        ))}
      </head>
      <body>
        <a class="site-skip kern-link" href="#main">
          {t.t('staff.skip')}
        </a>
        <header class="site-header">
          <div class="kern-container site-header__inner">
            <a class="site-header__name" href="/staff">{`${page.siteName} · ${t.t('staff.title')}`}</a>
            {staff ? (
              <form method="post" action="/staff/logout" class="site-logout">
                <input type="hidden" name="_csrf" value={staff.csrf} />
                <span class="kern-body">{t.t('staff.signedInAs', { name: staff.displayName })}</span>{' '}
                <button class="kern-btn kern-btn--secondary" type="submit">
                  <span class="kern-label">{t.t('staff.logout')}</span>
                </button>
              </form>
            ) : null}
          </div>
          {links.length > 0 ? (
            <div class="kern-container">
              <nav aria-label={t.t('staff.nav')}>
                <ul class="kern-list kern-list--horizontal site-nav">
                  {links.map((link) => (
                    <li key={link.href}>
                      <a class="kern-link" href={link.href}>
                        {link.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          ) : null}
        </header>
        <main id="main" class="kern-container site-main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
