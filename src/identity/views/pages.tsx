import { Alert, Field } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { type FormError, fieldProps, Summary, Submit, Csrf } from '../../platform/staff/components.js';

export function LoginPage({
  page,
  csrf,
  email,
  error,
  notice,
  sso,
}: {
  page: StaffPage;
  csrf: string;
  email: string;
  error?: string;
  notice?: string;
  /** The authority's identity provider, when sign-in through it is offered. */
  sso?: { label: string };
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('login.title')}>
      <h1 class="kern-heading-large">{t.t('login.title')}</h1>
      {notice ? <Alert kind="info" title={notice} /> : null}
      {error ? <Alert kind="danger" title={error} live /> : null}
      <form class="site-form" method="post" action="/staff/login">
        <Csrf token={csrf} />
        <Field id="email" label={t.t('login.email')}>
          <input
            class="kern-form-input__input"
            type="email"
            id="email"
            name="email"
            value={email}
            autocomplete="username"
            required
            maxLength={254}
          />
        </Field>
        <Field id="password" label={t.t('login.password')}>
          <input
            class="kern-form-input__input"
            type="password"
            id="password"
            name="password"
            autocomplete="current-password"
            required
            maxLength={1000}
          />
        </Field>
        <Submit label={t.t('login.submit')} />
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/staff/password/forgot">
          {t.t('login.forgot')}
        </a>
      </p>
      {sso ? (
        <>
          <p class="kern-body">{t.t('login.or')}</p>
          <p>
            <a class="kern-btn kern-btn--secondary" href="/staff/sso/start">
              <span class="kern-label">{t.t('login.sso', { label: sso.label })}</span>
            </a>
          </p>
        </>
      ) : null}
    </StaffLayout>
  );
}

export function TotpPage({
  page,
  csrf,
  enrolment,
  error,
}: {
  page: StaffPage;
  csrf: string;
  enrolment?: { svg: string; secret: string };
  error?: string;
}) {
  const { t } = page;
  const title = enrolment ? t.t('totp.setupTitle') : t.t('totp.title');
  return (
    <StaffLayout page={page} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {error ? <Alert kind="danger" title={error} live /> : null}
      {enrolment ? (
        <>
          <p class="kern-body">{t.t('totp.setupIntro')}</p>
          <p class="site-qr">
            <img
              src={`data:image/svg+xml;base64,${Buffer.from(enrolment.svg).toString('base64')}`}
              alt={t.t('totp.qrAlt')}
              width={224}
              height={224}
            />
          </p>
          <p class="kern-body">
            {t.t('totp.manual')}:{' '}
            <code class="site-secret" data-secret={enrolment.secret}>
              {enrolment.secret}
            </code>
          </p>
        </>
      ) : (
        <p class="kern-body">{t.t('totp.intro')}</p>
      )}
      <form class="site-form" method="post" action={enrolment ? '/staff/2fa/setup' : '/staff/2fa'}>
        <Csrf token={csrf} />
        <Field id="code" label={t.t('totp.code')}>
          <input
            class="kern-form-input__input kern-form-input__input--width-4"
            type="text"
            id="code"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
          />
        </Field>
        <Submit label={t.t('totp.submit')} />
      </form>
    </StaffLayout>
  );
}

export function PasswordPage({
  page,
  csrf,
  action,
  intro,
  errors,
  person,
}: {
  page: StaffPage;
  csrf: string;
  action: string;
  intro: string;
  errors: readonly FormError[];
  /** On the first-admin page the person also gives name and e-mail. */
  person?: { displayName: string; email: string };
}) {
  const { t } = page;
  const f = (field: string) => fieldProps(page, errors, field);
  return (
    <StaffLayout page={page} title={person ? t.t('setup.title') : t.t('password.title')}>
      <h1 class="kern-heading-large">{person ? t.t('setup.title') : t.t('password.title')}</h1>
      <Summary page={page} errors={errors} />
      <p class="kern-body">{intro}</p>
      <form class="site-form" method="post" action={action} novalidate>
        <Csrf token={csrf} />
        {person ? (
          <>
            <Field id="displayName" label={t.t('setup.name')} error={f('displayName').error}>
              <input
                class={f('displayName').inputClass}
                type="text"
                id="displayName"
                name="displayName"
                value={person.displayName}
                maxLength={200}
                autocomplete="name"
                {...f('displayName').aria}
              />
            </Field>
            <Field id="email" label={t.t('setup.email')} error={f('email').error}>
              <input
                class={f('email').inputClass}
                type="email"
                id="email"
                name="email"
                value={person.email}
                maxLength={254}
                autocomplete="email"
                {...f('email').aria}
              />
            </Field>
          </>
        ) : null}
        <Field id="password" label={t.t('password.new')} error={f('password').error}>
          <input
            class={f('password').inputClass}
            type="password"
            id="password"
            name="password"
            autocomplete="new-password"
            maxLength={1000}
            {...f('password').aria}
          />
        </Field>
        <Field id="repeat" label={t.t('password.repeat')} error={f('repeat').error}>
          <input
            class={f('repeat').inputClass}
            type="password"
            id="repeat"
            name="repeat"
            autocomplete="new-password"
            maxLength={1000}
            {...f('repeat').aria}
          />
        </Field>
        <Submit label={person ? t.t('setup.submit') : t.t('password.submit')} />
      </form>
    </StaffLayout>
  );
}

export function DashboardPage({
  page,
  locationNames,
  serviceNames,
}: {
  page: StaffPage;
  locationNames: ReadonlyMap<string, string>;
  serviceNames: ReadonlyMap<string, string>;
}) {
  const { t } = page;
  const staff = page.staff!;
  return (
    <StaffLayout page={page} title={t.t('dashboard.title')}>
      <h1 class="kern-heading-large">{t.t('dashboard.welcome', { name: staff.displayName })}</h1>
      <section class="site-section" aria-labelledby="roles">
        <h2 class="kern-heading-medium" id="roles">
          {t.t('dashboard.roles')}
        </h2>
        <ul class="kern-list kern-list--bullet">
          {staff.actor.roles.map((grant) => (
            <li key={grant.role} class="kern-body">
              {t.t(`role.${grant.role}`)}
              {' – '}
              {grant.locationIds
                ? t.t('role.scope.some', {
                    locations: grant.locationIds.map((id) => locationNames.get(id) ?? id).join(', '),
                  })
                : t.t('role.scope.all')}
              {grant.serviceIds
                ? `; ${t.t('role.scope.services', { services: grant.serviceIds.map((id) => serviceNames.get(id) ?? id).join(', ') })}`
                : null}
            </li>
          ))}
        </ul>
      </section>
    </StaffLayout>
  );
}
