import { can } from '../../platform/access/policies.js';
import { Alert, Field } from '../../platform/layout/components.js';
import { BarChart } from '../../platform/reports/BarChart.js';
import { Csrf, fieldProps, type FormError, Submit, Summary, TableHead } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { CourseInput } from '../edit-course.js';
import type { TrainingPlan } from '../read-training-plan.js';

/** A course form that failed: which course (null: the new one), what was typed, what is wrong. */
export interface CourseForm {
  readonly id: string | null;
  readonly input: CourseInput;
  readonly errors: readonly FormError[];
}

const percent = (locale: string, share: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** Training planning: who is due, the share of the team trained per course, the plan per quarter, the catalogue. */
export function TrainingsPage({
  page,
  plan,
  form,
  saved,
}: {
  page: StaffPage;
  plan: TrainingPlan;
  form?: CourseForm;
  saved: boolean;
}) {
  const { t } = page;
  const name = (id: string) => plan.team.find((m) => m.id === id)?.displayName ?? '';
  const course = (id: string) => plan.courses.find((c) => c.id === id)?.name ?? '';
  return (
    <StaffLayout page={page} title={t.t('competences.trainingPlan.title')}>
      <h1 class="kern-heading-large">{t.t('competences.trainingPlan.title')}</h1>
      {saved ? <Alert kind="success" title={t.t('profile.saved')} live /> : null}
      <Summary
        page={page}
        errors={(form?.errors ?? []).map((e) => ({ ...e, field: `${e.field}-${form?.id ?? 'new'}` }))}
      />
      <p class="kern-body">
        <a class="kern-link" href="/staff/trainings.csv">
          {t.t('competences.csv.download')}
        </a>
        {' · '}
        <a class="kern-link" href="/staff/competences/team">
          {t.t('competences.team.title')}
        </a>
        {' · '}
        <a class="kern-link" href="/staff/reports">
          {t.t('competences.reports')}
        </a>
      </p>

      <section class="site-section" aria-labelledby="shares">
        <h2 class="kern-heading-medium" id="shares">
          {t.t('competences.shares')}
        </h2>
        <BarChart
          title={t.t('competences.shares')}
          max={1}
          bars={plan.shares.map((s) => ({
            label: course(s.courseId),
            value: s.share,
            display: percent(t.locale, s.share),
          }))}
        />
        <div class="kern-table-responsive">
          <table class="kern-table">
            <caption class="site-visually-hidden">{t.t('competences.shares')}</caption>
            <TableHead
              page={page}
              columns={['competences.col.course', 'competences.col.trained', 'competences.col.share']}
            />
            <tbody class="kern-table__body">
              {plan.shares.map((s) => (
                <tr key={s.courseId} class="kern-table__row">
                  <th scope="row" class="kern-table__cell">
                    {course(s.courseId)}
                  </th>
                  <td class="kern-table__cell">{`${s.trained} / ${s.members}`}</td>
                  <td class="kern-table__cell">{percent(t.locale, s.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="site-section" aria-labelledby="due">
        <h2 class="kern-heading-medium" id="due">
          {t.t('competences.due', { count: plan.due.length })}
        </h2>
        {plan.due.length === 0 ? (
          <p class="kern-body">{t.t('profile.none')}</p>
        ) : (
          <div class="kern-table-responsive">
            <table class="kern-table">
              <caption class="site-visually-hidden">{t.t('competences.due', { count: plan.due.length })}</caption>
              <TableHead
                page={page}
                columns={['competences.col.member', 'competences.col.course', 'competences.col.state']}
              />
              <tbody class="kern-table__body">
                {plan.due.map((d) => (
                  <tr key={`${d.userId}|${d.courseId}`} class="kern-table__row">
                    <th scope="row" class="kern-table__cell">
                      <a class="kern-link" href={`/staff/competences/staff/${d.userId}`}>
                        {name(d.userId)}
                      </a>
                    </th>
                    <td class="kern-table__cell">{course(d.courseId)}</td>
                    <td class="kern-table__cell">
                      {d.state === 'never'
                        ? t.t('competences.state.never')
                        : t.t('competences.state.due', { day: d.dueOn ?? '' })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="site-section" aria-labelledby="quarters">
        <h2 class="kern-heading-medium" id="quarters">
          {t.t('competences.quarters')}
        </h2>
        {plan.quarters.length === 0 ? <p class="kern-body">{t.t('profile.none')}</p> : null}
        {plan.quarters.map((q) => (
          <section key={q.quarter} aria-labelledby={`q-${q.quarter}`}>
            <h3 class="kern-heading-small" id={`q-${q.quarter}`}>
              {q.quarter}
            </h3>
            <ul class="kern-list">
              {q.plans.map((p) => (
                <li key={`${p.userId}|${p.courseId}`} class="kern-body">
                  {`${p.plannedOn} – ${name(p.userId)} – ${course(p.courseId)}`}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>

      <Catalogue page={page} plan={plan} form={form} />
    </StaffLayout>
  );
}

function Catalogue({ page, plan, form }: { page: StaffPage; plan: TrainingPlan; form?: CourseForm }) {
  const { t } = page;
  if (!can(page.staff!.actor, 'trainings.manage')) return null;
  return (
    <section class="site-section" aria-labelledby="catalogue">
      <h2 class="kern-heading-medium" id="catalogue">
        {t.t('competences.catalogue')}
      </h2>
      {plan.courses.map((c) => (
        <CourseFields
          key={c.id}
          page={page}
          id={c.id}
          legend={c.name}
          input={
            form?.id === c.id
              ? form.input
              : {
                  nameDe: c.nameDe,
                  nameEn: c.nameEn,
                  refreshMonths: c.refreshMonths === null ? '' : String(c.refreshMonths),
                }
          }
          errors={form?.id === c.id ? form.errors : []}
        />
      ))}
      <CourseFields
        page={page}
        id={null}
        legend={t.t('competences.addCourse')}
        input={form && form.id === null ? form.input : { nameDe: '', nameEn: '', refreshMonths: '' }}
        errors={form && form.id === null ? form.errors : []}
      />
    </section>
  );
}

function CourseFields({
  page,
  id,
  legend,
  input,
  errors,
}: {
  page: StaffPage;
  id: string | null;
  legend: string;
  input: CourseInput;
  errors: readonly FormError[];
}) {
  const { t } = page;
  const suffix = id ?? 'new';
  // Field ids carry the course, so the error summary's links reach the right form.
  const scoped = errors.map((e) => ({ ...e, field: `${e.field}-${suffix}` }));
  const f = (field: string) => fieldProps(page, scoped, `${field}-${suffix}`);
  return (
    <form
      class="site-form"
      method="post"
      action={id ? `/staff/trainings/courses/${id}` : '/staff/trainings/courses'}
      novalidate
    >
      <Csrf token={page.staff!.csrf} />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{legend}</legend>
        <div class="kern-fieldset__body">
          {(
            [
              ['nameDe', 'competences.nameDe', 200],
              ['nameEn', 'competences.nameEn', 200],
              ['refreshMonths', 'competences.refreshMonths', 3],
            ] as const
          ).map(([field, label, max]) => (
            <Field key={field} id={`${field}-${suffix}`} label={t.t(label)} error={f(field).error}>
              <input
                class={f(field).inputClass}
                type="text"
                id={`${field}-${suffix}`}
                name={field}
                maxLength={max}
                value={input[field]}
                inputMode={field === 'refreshMonths' ? 'numeric' : undefined}
                {...f(field).aria}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      <Submit label={id ? t.t('competences.saveCourse') : t.t('competences.addCourse')} />
    </form>
  );
}
