import { Alert, Field } from '../../platform/layout/components.js';
import type { SsoError, SsoSettings } from '../single-sign-on.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Csrf, fieldProps, Submit, Summary } from '../../platform/staff/components.js';

export function SsoSettingsPage({
  page,
  current,
  errors,
  saved,
  redirectUri,
  values,
}: {
  page: StaffPage;
  current: SsoSettings | null;
  errors: readonly SsoError[];
  saved: boolean;
  redirectUri: string;
  values?: { issuer?: string; clientId?: string; label?: string; enabled?: string };
}) {
  const { t } = page;
  const f = (field: string) => fieldProps(page, errors, field);
  const v = {
    issuer: values?.issuer ?? current?.issuer ?? '',
    clientId: values?.clientId ?? current?.clientId ?? '',
    label: values?.label ?? current?.label ?? '',
    enabled: values ? values.enabled === 'on' : (current?.enabled ?? true),
  };
  return (
    <StaffLayout page={page} title={t.t('sso.title')}>
      <h1 class="kern-heading-large">{t.t('sso.title')}</h1>
      {saved ? <Alert kind="success" title={t.t('sso.saved')} live /> : null}
      <Summary page={page} errors={errors} />
      <p class="kern-body">{t.t('sso.intro', { redirect: redirectUri })}</p>
      <form class="site-form" method="post" action="/staff/admin/sso" novalidate>
        <Csrf token={page.staff!.csrf} />
        <Field id="issuer" label={t.t('sso.issuer')} error={f('issuer').error}>
          <input
            class={f('issuer').inputClass}
            type="url"
            id="issuer"
            name="issuer"
            value={v.issuer}
            maxLength={500}
            {...f('issuer').aria}
          />
        </Field>
        <Field id="clientId" label={t.t('sso.clientId')} error={f('clientId').error}>
          <input
            class={f('clientId').inputClass}
            type="text"
            id="clientId"
            name="clientId"
            value={v.clientId}
            maxLength={200}
            {...f('clientId').aria}
          />
        </Field>
        <Field
          id="clientSecret"
          label={t.t('sso.clientSecret')}
          hint={current ? t.t('sso.clientSecretKept') : undefined}
          error={f('clientSecret').error}
        >
          <input
            class={f('clientSecret').inputClass}
            type="password"
            id="clientSecret"
            name="clientSecret"
            autocomplete="off"
            maxLength={1000}
            aria-describedby={current ? 'clientSecret-hint' : undefined}
            {...f('clientSecret').aria}
          />
        </Field>
        <Field id="label" label={t.t('sso.label')} error={f('label').error}>
          <input
            class={f('label').inputClass}
            type="text"
            id="label"
            name="label"
            value={v.label}
            maxLength={100}
            {...f('label').aria}
          />
        </Field>
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="enabled" name="enabled" checked={v.enabled} />
          <label class="kern-label" for="enabled">
            {t.t('sso.enabled')}
          </label>
        </div>
        <Submit label={t.t('sso.save')} />
      </form>
    </StaffLayout>
  );
}
