import { languageName } from '../../platform/i18n/language-names.js';
import { can } from '../../platform/access/policies.js';
import { Alert, Field } from '../../platform/layout/components.js';
import { Csrf, fieldProps, type FormError, Submit, Summary, TableHead } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { Register, RegisterCourse } from '../read-register.js';

export interface RegisterForm {
  readonly errors: readonly FormError[];
  /** What was typed, to show again; `form` names the form that failed. */
  readonly values: Readonly<Record<string, string>>;
}

/** One member's competence register: languages, trainings per catalogue course, plans; forms for the own one. */
export function RegisterPage({
  page,
  register,
  form,
  saved,
}: {
  page: StaffPage;
  register: Register;
  form: RegisterForm;
  saved: boolean;
}) {
  const { t } = page;
  const actor = page.staff!.actor;
  const title = register.own
    ? t.t('competences.own.title')
    : t.t('competences.member.title', { name: register.member.displayName });
  const base = register.own ? '/staff/competences' : `/staff/competences/staff/${register.member.id}`;
  const mayPlan = register.own || can(actor, 'trainings.manage');
  return (
    <StaffLayout page={page} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {saved ? <Alert kind="success" title={t.t('profile.saved')} live /> : null}
      <Summary page={page} errors={form.errors} />
      <Languages page={page} register={register} />
      <section class="site-section" aria-labelledby="trainings">
        <h2 class="kern-heading-medium" id="trainings">
          {t.t('competences.trainings')}
        </h2>
        <CourseTable page={page} register={register} base={base} mayPlan={mayPlan} />
      </section>
      {register.own ? <RecordForm page={page} register={register} form={form} /> : null}
      {mayPlan ? <PlanForm page={page} register={register} form={form} base={base} /> : null}
    </StaffLayout>
  );
}

function Languages({ page, register }: { page: StaffPage; register: Register }) {
  const { t } = page;
  return (
    <section class="site-section" aria-labelledby="languages">
      <h2 class="kern-heading-medium" id="languages">
        {t.t('competences.languages')}
      </h2>
      {register.languages.length === 0 ? (
        <p class="kern-body">{t.t('profile.none')}</p>
      ) : (
        <ul class="kern-list">
          {register.languages.map((l) => (
            <li key={l.language} class="kern-body">
              {`${languageName(l.language, t.locale)} (${l.language}) – ${l.level === 'native' ? t.t('profile.level.native') : l.level}`}
              {l.interpreting ? ` · ${t.t('profile.interpreting')}` : ''}
            </li>
          ))}
        </ul>
      )}
      {register.own ? (
        <p class="kern-body">
          <a class="kern-link" href="/staff/profile#languages">
            {t.t('competences.editLanguages')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function stateText(page: StaffPage, entry: RegisterCourse): string {
  const { t } = page;
  if (entry.status.state === 'never') return t.t('competences.state.never');
  if (entry.status.state === 'due') return t.t('competences.state.due', { day: entry.status.dueOn ?? '' });
  return entry.status.dueOn
    ? t.t('competences.state.validUntil', { day: entry.status.dueOn })
    : t.t('competences.state.valid');
}

function CourseTable({
  page,
  register,
  base,
  mayPlan,
}: {
  page: StaffPage;
  register: Register;
  base: string;
  mayPlan: boolean;
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  return (
    <div class="kern-table-responsive">
      <table class="kern-table">
        <caption class="kern-title">{t.t('competences.trainings.caption')}</caption>
        <TableHead
          page={page}
          columns={[
            'competences.col.course',
            'competences.col.state',
            'competences.col.taken',
            'competences.col.planned',
          ]}
        />
        <tbody class="kern-table__body">
          {register.courses.map((entry) => (
            <tr key={entry.course.id} class="kern-table__row">
              <th scope="row" class="kern-table__cell">
                {entry.course.name}
              </th>
              <td class="kern-table__cell">{stateText(page, entry)}</td>
              <td class="kern-table__cell">
                {entry.records.map((r) =>
                  register.own ? (
                    <form key={r.id} method="post" action="/staff/competences/records/remove" class="site-logout">
                      <Csrf token={csrf} />
                      <input type="hidden" name="id" value={r.id} />
                      <span>{r.takenOn}</span>{' '}
                      <Submit secondary label={t.t('competences.removeRecord', { day: r.takenOn })} />
                    </form>
                  ) : (
                    <div key={r.id}>{r.takenOn}</div>
                  ),
                )}
              </td>
              <td class="kern-table__cell">
                {entry.plannedOn && mayPlan ? (
                  <form method="post" action={`${base}/plans/remove`} class="site-logout">
                    <Csrf token={csrf} />
                    <input type="hidden" name="course" value={entry.course.id} />
                    <span>{entry.plannedOn}</span>{' '}
                    <Submit secondary label={t.t('competences.dropPlan', { day: entry.plannedOn })} />
                  </form>
                ) : (
                  (entry.plannedOn ?? '–')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CourseSelect({
  page,
  register,
  form,
  id,
  name,
}: {
  page: StaffPage;
  register: Register;
  form: RegisterForm;
  id: string;
  name: string;
}) {
  const f = fieldProps(page, form.errors, 'course');
  const chosen = form.values.form === name ? form.values.course : undefined;
  return (
    <Field id={id} label={page.t.t('competences.col.course')} error={form.values.form === name ? f.error : undefined}>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id={id} name="course" {...(form.values.form === name ? f.aria : {})}>
          {register.courses.map((entry) => (
            <option key={entry.course.id} value={entry.course.id} selected={entry.course.id === chosen}>
              {entry.course.name}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

function RecordForm({ page, register, form }: { page: StaffPage; register: Register; form: RegisterForm }) {
  const { t } = page;
  const f = fieldProps(page, form.errors, 'takenOn');
  return (
    <section class="site-section" aria-labelledby="record">
      <h2 class="kern-heading-medium" id="record">
        {t.t('competences.record')}
      </h2>
      <form class="site-form" method="post" action="/staff/competences/records" novalidate>
        <Csrf token={page.staff!.csrf} />
        <CourseSelect page={page} register={register} form={form} id="course" name="record" />
        <Field id="takenOn" label={t.t('competences.takenOn')} error={f.error}>
          <input
            class={`${f.inputClass} kern-form-input__input--width-4`}
            type="date"
            id="takenOn"
            name="takenOn"
            value={form.values.form === 'record' ? form.values.takenOn : undefined}
            {...f.aria}
          />
        </Field>
        <p class="kern-body">{t.t('competences.noCertificates')}</p>
        <Submit label={t.t('competences.record')} />
      </form>
    </section>
  );
}

function PlanForm({
  page,
  register,
  form,
  base,
}: {
  page: StaffPage;
  register: Register;
  form: RegisterForm;
  base: string;
}) {
  const { t } = page;
  const f = fieldProps(page, form.errors, 'plannedOn');
  return (
    <section class="site-section" aria-labelledby="plan">
      <h2 class="kern-heading-medium" id="plan">
        {t.t('competences.plan')}
      </h2>
      <form class="site-form" method="post" action={`${base}/plans`} novalidate>
        <Csrf token={page.staff!.csrf} />
        <CourseSelect page={page} register={register} form={form} id="planCourse" name="plan" />
        <Field id="plannedOn" label={t.t('competences.plannedOn')} error={f.error}>
          <input
            class={`${f.inputClass} kern-form-input__input--width-4`}
            type="date"
            id="plannedOn"
            name="plannedOn"
            value={form.values.form === 'plan' ? form.values.plannedOn : undefined}
            {...f.aria}
          />
        </Field>
        <Submit label={t.t('competences.plan')} />
      </form>
    </section>
  );
}
