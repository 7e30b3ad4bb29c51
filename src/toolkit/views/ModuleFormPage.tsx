import { Alert, Field } from '../../platform/layout/components.js';
import { Csrf, fieldProps, type FormError, Submit, Summary } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { AREAS, type ContentDraft, MAX_SECTION, MAX_TITLE } from '../module-content.js';
import { areaName, moduleHref } from './parts.js';

export interface ModuleForm {
  /** Absent: a new module. */
  readonly slug?: string;
  readonly baseVersion?: number;
  readonly draft: ContentDraft;
  readonly note: string;
  readonly errors: readonly FormError[];
  /** Someone saved this version meanwhile (the text typed is kept). */
  readonly changedMeanwhile?: number;
}

/** Writing a new module or the next version of one, in Markdown; errors re-show everything typed. */
export function ModuleFormPage({ page, form }: { page: StaffPage; form: ModuleForm }) {
  const { t } = page;
  const title = form.slug ? t.t('toolkit.edit.title', { title: form.draft.title }) : t.t('toolkit.edit.newTitle');
  const field = (name: string) => fieldProps(page, form.errors, name);
  return (
    <StaffLayout page={page} title={title}>
      <p class="kern-body">
        <a class="kern-link" href={form.slug ? moduleHref(form.slug) : '/staff/toolkit'}>
          {form.slug ? t.t('toolkit.unread.back') : t.t('toolkit.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      <Summary page={page} errors={form.errors} />
      {form.changedMeanwhile ? (
        <Alert kind="warning" title={t.t('toolkit.error.changedMeanwhile', { version: form.changedMeanwhile })} live>
          <a class="kern-link" href={moduleHref(form.slug ?? '')}>
            {t.t('toolkit.module.toCurrent')}
          </a>
        </Alert>
      ) : null}
      <p class="kern-body">{t.t('toolkit.edit.markdown')}</p>
      <form method="post" action={form.slug ? moduleHref(form.slug) : '/staff/toolkit'} novalidate>
        <Csrf token={page.staff!.csrf} />
        {form.baseVersion ? <input type="hidden" name="baseVersion" value={String(form.baseVersion)} /> : null}
        <Field id="title" label={t.t('toolkit.field.title')} error={field('title').error}>
          <input
            class={field('title').inputClass}
            id="title"
            name="title"
            value={form.draft.title}
            maxLength={MAX_TITLE}
            required
            {...field('title').aria}
          />
        </Field>
        {form.slug ? null : (
          <Field
            id="slug"
            label={t.t('toolkit.field.slug')}
            hint={t.t('toolkit.field.slugHint')}
            error={field('slug').error}
          >
            <input
              class={field('slug').inputClass}
              id="slug"
              name="slug"
              value={form.draft.slug}
              maxLength={80}
              aria-describedby={field('slug').error ? 'slug-hint slug-error' : 'slug-hint'}
              {...(field('slug').error ? { 'aria-invalid': 'true' } : {})}
            />
          </Field>
        )}
        <Field id="area" label={t.t('toolkit.field.area')} error={field('area').error}>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="area" name="area" {...field('area').aria}>
              {AREAS.map((area) => (
                <option key={area} value={area} selected={form.draft.area === area}>
                  {areaName(page, area)}
                </option>
              ))}
            </select>
          </div>
        </Field>
        {(['goal', 'steps', 'materials', 'experience'] as const).map((name) => (
          <Field key={name} id={name} label={t.t(`toolkit.field.${name}`)} error={field(name).error}>
            <textarea
              class={field(name).inputClass}
              id={name}
              name={name}
              rows={name === 'goal' ? 4 : 8}
              maxLength={MAX_SECTION}
              {...field(name).aria}
            >
              {form.draft[name]}
            </textarea>
          </Field>
        ))}
        <Field
          id="features"
          label={t.t('toolkit.field.features')}
          hint={t.t('toolkit.field.featuresHint')}
          error={field('features').error}
        >
          <textarea
            class={field('features').inputClass}
            id="features"
            name="features"
            rows={3}
            maxLength={1200}
            aria-describedby={field('features').error ? 'features-hint features-error' : 'features-hint'}
            {...(field('features').error ? { 'aria-invalid': 'true' } : {})}
          >
            {form.draft.features}
          </textarea>
        </Field>
        <Field id="note" label={t.t('toolkit.field.note')}>
          <input class="kern-form-input__input" id="note" name="note" value={form.note} maxLength={500} />
        </Field>
        <Submit label={form.slug ? t.t('toolkit.edit.save') : t.t('toolkit.edit.create')} />
      </form>
    </StaffLayout>
  );
}
