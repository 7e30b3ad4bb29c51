import { Alert, Field } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Csrf, type FormError, fieldProps, Submit, Summary } from '../../platform/staff/components.js';

/** "Forgot password?": the address, then the same answer for every address. */
export function ForgotPasswordPage({
  page,
  csrf,
  email,
  errors,
  sent,
}: {
  page: StaffPage;
  csrf: string;
  email: string;
  errors: readonly FormError[];
  sent: boolean;
}) {
  const { t } = page;
  const f = fieldProps(page, errors, 'email');
  return (
    <StaffLayout page={page} title={t.t('forgot.title')}>
      <h1 class="kern-heading-large">{t.t('forgot.title')}</h1>
      {sent ? <Alert kind="success" title={t.t('forgot.sent')} live /> : null}
      <Summary page={page} errors={errors} />
      <p class="kern-body">{t.t('forgot.intro')}</p>
      <form class="site-form" method="post" action="/staff/password/forgot" novalidate>
        <Csrf token={csrf} />
        <Field id="email" label={t.t('login.email')} error={f.error}>
          <input
            class={f.inputClass}
            type="email"
            id="email"
            name="email"
            value={email}
            autocomplete="username"
            maxLength={254}
            {...f.aria}
          />
        </Field>
        <Submit label={t.t('forgot.submit')} />
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/staff/login">
          {t.t('login.title')}
        </a>
      </p>
    </StaffLayout>
  );
}
