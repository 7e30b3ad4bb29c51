import { OFFICE_TIME_ZONE } from '../../../platform/clock/office-time.js';
import { ENDONYMS, LOCALES, isLocale } from '../../../platform/i18n/locales.js';
import { SelectField } from '../../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../../platform/staff/StaffLayout.js';
import { CASE_STATES } from '../../case-state.js';
import type { InboxEntry, InboxFilter } from '../list-inbox.js';

const DATE = new Intl.DateTimeFormat('de-DE', { timeZone: OFFICE_TIME_ZONE, dateStyle: 'medium' });

/** The team's inbox with filters (service, state, deadline, language, assignment). */
export function InboxPage({
  page,
  entries,
  services,
  filter,
}: {
  page: StaffPage;
  entries: readonly InboxEntry[];
  services: readonly { id: string; name: string }[];
  filter: InboxFilter;
}) {
  const { t } = page;
  const all = { value: '', label: t.t('cases.all') };
  return (
    <StaffLayout page={page} title={t.t('cases.title')}>
      <h1 class="kern-heading-large">{t.t('cases.title')}</h1>
      <form method="get" action="/staff/cases" class="site-inline-form">
        <SelectField
          id="service"
          label={t.t('cases.service')}
          value={filter.service}
          options={[all, ...services.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <SelectField
          id="state"
          label={t.t('cases.state')}
          value={filter.state}
          options={[
            all,
            ...CASE_STATES.filter((s) => s !== 'closed').map((s) => ({ value: s, label: t.t(`cases.stateName.${s}`) })),
          ]}
        />
        <SelectField
          id="deadline"
          label={t.t('cases.deadline')}
          value={filter.deadline}
          options={[
            all,
            { value: 'overdue', label: t.t('cases.deadline.overdue') },
            { value: 'week', label: t.t('cases.deadline.week') },
          ]}
        />
        <SelectField
          id="language"
          label={t.t('cases.language')}
          value={filter.language}
          options={[all, ...LOCALES.map((l) => ({ value: l, label: ENDONYMS[l] }))]}
        />
        <SelectField
          id="assigned"
          label={t.t('cases.assigned')}
          value={filter.assigned}
          options={[
            all,
            { value: 'me', label: t.t('cases.assigned.me') },
            { value: 'none', label: t.t('cases.assigned.none') },
          ]}
        />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('cases.filter')}</span>
        </button>
      </form>
      {entries.length === 0 ? (
        <p class="kern-body">{t.t('cases.none')}</p>
      ) : (
        <table class="kern-table site-table">
          <caption class="site-visually-hidden">{t.t('cases.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t.t('cases.reference')}</th>
              <th scope="col">{t.t('cases.name')}</th>
              <th scope="col">{t.t('cases.service')}</th>
              <th scope="col">{t.t('cases.state')}</th>
              <th scope="col">{t.t('cases.received')}</th>
              <th scope="col">{t.t('cases.expected')}</th>
              <th scope="col">{t.t('cases.language')}</th>
              <th scope="col">{t.t('cases.assigned')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <a class="kern-link" href={`/staff/cases/${e.id}`}>
                    {e.reference}
                  </a>
                  {e.newDocuments ? <strong> ({t.t('cases.newDocuments')})</strong> : null}
                </th>
                <td>{e.name}</td>
                <td>{e.serviceName}</td>
                <td>{t.t(`cases.stateName.${e.state}`)}</td>
                <td>{DATE.format(e.receivedAt)}</td>
                <td>
                  {e.overdue ? (
                    <strong>
                      {DATE.format(new Date(`${e.expectedDecisionOn}T12:00:00Z`))} ({t.t('cases.deadline.overdue')})
                    </strong>
                  ) : (
                    DATE.format(new Date(`${e.expectedDecisionOn}T12:00:00Z`))
                  )}
                </td>
                <td>{isLocale(e.locale) ? ENDONYMS[e.locale] : e.locale}</td>
                <td>{e.assignedTo ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}
