import { languageName } from '../../platform/i18n/language-names.js';
import { TableHead } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { TeamEntry } from '../list-team.js';

/** The lead's team with the languages each speaks; each name opens the member's register. */
export function TeamPage({ page, team }: { page: StaffPage; team: readonly TeamEntry[] }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('competences.team.title')}>
      <h1 class="kern-heading-large">{t.t('competences.team.title')}</h1>
      <p class="kern-body">
        <a class="kern-link" href="/staff/trainings">
          {t.t('competences.trainingPlan.title')}
        </a>
      </p>
      {team.length === 0 ? (
        <p class="kern-body">{t.t('profile.none')}</p>
      ) : (
        <div class="kern-table-responsive">
          <table class="kern-table">
            <caption class="kern-title">{t.t('competences.team.caption', { count: team.length })}</caption>
            <TableHead page={page} columns={['competences.col.member', 'competences.languages']} />
            <tbody class="kern-table__body">
              {team.map((member) => (
                <tr key={member.id} class="kern-table__row">
                  <th scope="row" class="kern-table__cell">
                    <a class="kern-link" href={`/staff/competences/staff/${member.id}`}>
                      {member.displayName}
                    </a>
                  </th>
                  <td class="kern-table__cell">
                    {member.languages
                      .map(
                        (l) =>
                          `${languageName(l.language, t.locale)} ${l.level === 'native' ? t.t('profile.level.native') : l.level}${l.interpreting ? ` (${t.t('profile.interpreting')})` : ''}`,
                      )
                      .join(', ') || '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}
