import { Alert } from '../../platform/layout/components.js';
import { Csrf, fieldProps, Submit, Summary } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { PULSE_QUESTIONS } from '../pulse/pulse.js';
import type { PulseOverview } from '../pulse/pulse-overview.js';
import { MAX_TEXT, SCALE, type SurveyFormError, type SurveyValues } from '../survey-form.js';

/** `/staff/pulse`: answer this quarter's pulse, open it (team leads, the head), and the trends per quarter. */
export function PulsePage({
  page,
  overview,
  notice,
}: {
  page: StaffPage;
  overview: PulseOverview;
  notice: 'thanks' | 'opened' | null;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('feedback.pulse.title')}>
      <h1 class="kern-heading-large">{t.t('feedback.pulse.title')}</h1>
      {notice ? <Alert kind="success" title={t.t(`feedback.pulse.notice.${notice}`)} live /> : null}
      <p class="kern-body">{t.t('feedback.pulse.intro')}</p>
      {overview.myToken ? (
        <p class="kern-body">
          <a class="kern-link" href={`/staff/pulse/${overview.myToken}`}>
            {t.t('feedback.pulse.answer', { quarter: overview.quarter })}
          </a>
        </p>
      ) : (
        <p class="kern-body">
          {t.t(
            overview.answeredByMe
              ? 'feedback.pulse.answered'
              : overview.open
                ? 'feedback.pulse.notInvited'
                : 'feedback.pulse.notOpen',
            {
              quarter: overview.quarter,
            },
          )}
        </p>
      )}
      {overview.canOpen ? (
        <form method="post" action="/staff/pulse/rounds">
          <Csrf token={page.staff!.csrf} />
          <Submit
            label={t.t(overview.open ? 'feedback.pulse.reinvite' : 'feedback.pulse.open', {
              quarter: overview.quarter,
            })}
            secondary
          />
        </form>
      ) : null}
      {overview.trends ? <Trends page={page} trends={overview.trends} /> : null}
    </StaffLayout>
  );
}

function Trends({ page, trends }: { page: StaffPage; trends: NonNullable<PulseOverview['trends']> }) {
  const { t } = page;
  const number = (value: number | undefined) =>
    value === undefined ? '–' : value.toLocaleString(t.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (
    <section aria-labelledby="pulse-trends">
      <h2 class="kern-heading-medium" id="pulse-trends">
        {t.t('feedback.pulse.trends')}
      </h2>
      <p class="kern-body">{t.t('feedback.pulse.kAnonymity')}</p>
      {trends.length === 0 ? (
        <p class="kern-body">{t.t('feedback.pulse.noRounds')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table site-table">
            <caption class="site-visually-hidden">{t.t('feedback.pulse.trends')}</caption>
            <thead>
              <tr>
                <th scope="col">{t.t('feedback.pulse.quarter')}</th>
                <th scope="col">{t.t('feedback.figures.count')}</th>
                {PULSE_QUESTIONS.map((q) => (
                  <th key={q} scope="col">
                    {t.t(`feedback.pulse.short.${q}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {trends.map((round) =>
                'tooFew' in round ? (
                  <tr key={round.quarter}>
                    <th scope="row">{round.quarter}</th>
                    <td colSpan={PULSE_QUESTIONS.length + 1}>{t.t('feedback.pulse.tooFew')}</td>
                  </tr>
                ) : (
                  <tr key={round.quarter}>
                    <th scope="row">{round.quarter}</th>
                    <td>{round.answers}</td>
                    {PULSE_QUESTIONS.map((q) => (
                      <td key={q}>{number(round.means[q])}</td>
                    ))}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {trends
        .flatMap((round) => ('tooFew' in round || round.comments.length === 0 ? [] : [round]))
        .map((round) => (
          <section key={round.quarter}>
            <h3 class="kern-heading-small">{t.t('feedback.pulse.comments', { quarter: round.quarter })}</h3>
            <ul class="kern-list">
              {round.comments.map((text, i) => (
                <li key={i} class="kern-body">
                  {text}
                </li>
              ))}
            </ul>
          </section>
        ))}
    </section>
  );
}

/** The pulse's form: four 5-point questions and a free text; anonymous. */
export function PulseAnswerPage({
  page,
  action,
  values,
  errors,
}: {
  page: StaffPage;
  action: string;
  values: SurveyValues;
  errors: readonly SurveyFormError[];
}) {
  const { t } = page;
  const staffErrors = errors.map((e) => ({
    field: e.field,
    message: `feedback.pulse.${e.message.split('.').pop()}` as 'feedback.pulse.choose',
  }));
  const comment = fieldProps(page, staffErrors, 'q-comment');
  return (
    <StaffLayout page={page} title={t.t('feedback.pulse.title')}>
      <h1 class="kern-heading-large">{t.t('feedback.pulse.title')}</h1>
      <Summary page={page} errors={staffErrors} />
      <p class="kern-body">{t.t('feedback.pulse.anonymous')}</p>
      <form method="post" action={action} novalidate>
        <Csrf token={page.staff!.csrf} />
        {PULSE_QUESTIONS.map((q) => {
          const field = `q-${q}`;
          const { error } = fieldProps(page, staffErrors, field);
          return (
            <fieldset key={q} class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} id={field}>
              <legend class="kern-label">{t.t(`feedback.pulse.q.${q}`)}</legend>
              {error ? (
                <p class="kern-error" id={`${field}-error`}>
                  <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
                  <span class="kern-body">{error}</span>
                </p>
              ) : null}
              <div class="kern-fieldset__body">
                {SCALE.map((score) => (
                  <div class="kern-form-check" key={score}>
                    <input
                      class="kern-form-check__radio"
                      type="radio"
                      id={`${field}-${score}`}
                      name={field}
                      value={String(score)}
                      checked={values[field] === String(score)}
                    />
                    <label class="kern-label" for={`${field}-${score}`}>
                      {t.t(`feedback.pulse.scale.${score}`)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          );
        })}
        <div class="kern-form-input">
          <label class="kern-label" for="q-comment">
            {t.t('feedback.pulse.q.comment')}
          </label>
          <textarea
            class={comment.inputClass}
            id="q-comment"
            name="q-comment"
            rows={5}
            maxLength={MAX_TEXT}
            {...comment.aria}
          >
            {values['q-comment'] ?? ''}
          </textarea>
        </div>
        <Submit label={t.t('feedback.pulse.submit')} />
      </form>
    </StaffLayout>
  );
}
