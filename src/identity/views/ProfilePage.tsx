import { Alert, Field } from '../../platform/layout/components.js';
import { CEFR_LEVELS, type Profile } from '../edit-profile.js';
import { languageChoices, languageName } from '../../platform/i18n/language-names.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Csrf, fieldProps, Submit, Summary, type FormError } from '../../platform/staff/components.js';

export function ProfilePage({
  page,
  profile,
  errors,
  saved,
}: {
  page: StaffPage;
  profile: Profile;
  errors: readonly FormError[];
  saved: boolean;
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  const f = (field: string) => fieldProps(page, errors, field);
  return (
    <StaffLayout page={page} title={t.t('profile.title')}>
      <h1 class="kern-heading-large">{t.t('profile.title')}</h1>
      {saved ? <Alert kind="success" title={t.t('profile.saved')} live /> : null}
      <Summary page={page} errors={errors} />
      <p class="kern-body">
        {profile.displayName} · {profile.email}
      </p>

      <section class="site-section" aria-labelledby="languages">
        <h2 class="kern-heading-medium" id="languages">
          {t.t('profile.languages')}
        </h2>
        {profile.languages.length === 0 ? (
          <p class="kern-body">{t.t('profile.none')}</p>
        ) : (
          <ul class="kern-list">
            {profile.languages.map((l) => (
              <li key={l.language} class="kern-body">
                <form method="post" action="/staff/profile/languages/remove" class="site-logout">
                  <Csrf token={csrf} />
                  <input type="hidden" name="language" value={l.language} />
                  <span>
                    {`${languageName(l.language, t.locale)} (${l.language}) – ${l.level === 'native' ? t.t('profile.level.native') : l.level}`}
                    {l.interpreting ? ` · ${t.t('profile.interpreting')}` : ''}
                  </span>
                  <Submit secondary label={t.t('profile.remove')} />
                </form>
              </li>
            ))}
          </ul>
        )}
        <form class="site-form" method="post" action="/staff/profile/languages" novalidate>
          <Csrf token={csrf} />
          <Field id="language" label={t.t('profile.language')} error={f('language').error}>
            <div class="kern-form-input__select-wrapper">
              <select class={`kern-form-input__select`} id="language" name="language" {...f('language').aria}>
                {languageChoices(t.locale).map((choice) => (
                  <option key={choice.code} value={choice.code}>
                    {`${choice.name} (${choice.code})`}
                  </option>
                ))}
              </select>
            </div>
          </Field>
          <Field id="level" label={t.t('profile.level')} error={f('level').error}>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="level" name="level" {...f('level').aria}>
                {CEFR_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {level === 'native' ? t.t('profile.level.native') : level}
                  </option>
                ))}
              </select>
            </div>
          </Field>
          <div class="kern-form-check">
            <input
              class="kern-form-check__checkbox"
              type="checkbox"
              id="interpreting"
              name="interpreting"
              value="yes"
            />
            <label class="kern-label" for="interpreting">
              {t.t('profile.interpretingPossible')}
            </label>
          </div>
          <Submit label={t.t('profile.addLanguage')} />
        </form>
      </section>

      <section class="site-section" aria-labelledby="trainings">
        <h2 class="kern-heading-medium" id="trainings">
          {t.t('profile.trainings')}
        </h2>
        {profile.trainings.length === 0 ? (
          <p class="kern-body">{t.t('profile.none')}</p>
        ) : (
          <ul class="kern-list">
            {profile.trainings.map((training) => (
              <li key={training.id} class="kern-body">
                <form method="post" action="/staff/profile/trainings/remove" class="site-logout">
                  <Csrf token={csrf} />
                  <input type="hidden" name="id" value={training.id} />
                  <span>{`${training.takenOn} – ${training.name}`}</span>
                  <Submit secondary label={t.t('profile.remove')} />
                </form>
              </li>
            ))}
          </ul>
        )}
        <p class="kern-body">
          <a class="kern-link" href="/staff/competences">
            {t.t('profile.trainingsMoved')}
          </a>
        </p>
      </section>

      <section class="site-section" aria-labelledby="ui-locale">
        <h2 class="kern-heading-medium" id="ui-locale">
          {t.t('profile.uiLocale')}
        </h2>
        <form class="site-form" method="post" action="/staff/profile/locale">
          <Csrf token={csrf} />
          <fieldset class="kern-fieldset">
            <legend class="kern-label">{t.t('profile.uiLocale')}</legend>
            <div class="kern-fieldset__body">
              {(
                [
                  ['de', 'Deutsch'],
                  ['en', 'English'],
                ] as const
              ).map(([value, label]) => (
                <div class="kern-form-check" key={value}>
                  <input
                    class="kern-form-check__radio"
                    type="radio"
                    id={`locale-${value}`}
                    name="locale"
                    value={value}
                    checked={profile.uiLocale === value}
                  />
                  <label class="kern-label" for={`locale-${value}`} lang={value}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <Submit label={t.t('profile.saveLocale')} />
        </form>
      </section>
    </StaffLayout>
  );
}
