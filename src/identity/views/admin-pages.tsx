import type { RoleGrant } from '../../platform/context.js';
import { Alert, Field } from '../../platform/layout/components.js';
import { ROLES } from '../../platform/access/roles.js';
import type { StaffListEntry, StaffRecord } from '../staff-store.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Csrf, fieldProps, Submit, Summary, TableHead, type FormError } from '../../platform/staff/components.js';

export interface Option {
  readonly id: string;
  readonly name: string;
}

/** What a role can be limited to. */
export interface Scopes {
  readonly locations: readonly Option[];
  readonly services: readonly Option[];
  /** The partner organisations a `partner` account can be bound to. */
  readonly partners?: readonly Option[];
}

function ScopeChoices({
  legend,
  name,
  options,
  chosen,
}: {
  legend: string;
  name: string;
  options: readonly Option[];
  chosen: readonly string[];
}) {
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{legend}</legend>
      <div class="kern-fieldset__body">
        {options.map((option) => (
          <div class="kern-form-check" key={option.id}>
            <input
              class="kern-form-check__checkbox"
              type="checkbox"
              id={`${name}-${option.id}`}
              name={name}
              value={option.id}
              checked={chosen.includes(option.id)}
            />
            <label class="kern-label" for={`${name}-${option.id}`}>
              {option.name}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function RoleChoices({
  page,
  chosen,
  scopes,
  chosenLocations,
  chosenServices,
  errors,
}: {
  page: StaffPage;
  chosen: readonly string[];
  scopes: Scopes;
  chosenLocations: readonly string[];
  chosenServices: readonly string[];
  errors: readonly FormError[];
}) {
  const { t } = page;
  const roleError = fieldProps(page, errors, 'roles').error;
  return (
    <>
      <fieldset class={`kern-fieldset${roleError ? ' kern-fieldset--error' : ''}`} id="roles">
        <legend class="kern-label">{t.t('admin.roles')}</legend>
        {roleError ? (
          <p class="kern-error" id="roles-error">
            <span class="kern-body">{roleError}</span>
          </p>
        ) : null}
        <div class="kern-fieldset__body">
          {ROLES.map((role) => (
            <div class="kern-form-check" key={role}>
              <input
                class="kern-form-check__checkbox"
                type="checkbox"
                id={`role-${role}`}
                name="roles"
                value={role}
                checked={chosen.includes(role)}
              />
              <label class="kern-label" for={`role-${role}`}>
                {t.t(`role.${role}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <ScopeChoices
        legend={t.t('admin.locations')}
        name="locations"
        options={scopes.locations}
        chosen={chosenLocations}
      />
      <ScopeChoices legend={t.t('admin.services')} name="services" options={scopes.services} chosen={chosenServices} />
    </>
  );
}

/** For the `partner` role: the one organisation the account works for. */
function PartnerChoice({
  page,
  partners,
  chosen,
  errors,
}: {
  page: StaffPage;
  partners: readonly Option[];
  chosen: string;
  errors: readonly FormError[];
}) {
  const f = fieldProps(page, errors, 'partner');
  return (
    <Field
      id="partner"
      label={page.t.t('referrals.admin.partner')}
      hint={page.t.t('referrals.admin.partnerHint')}
      error={f.error}
    >
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id="partner" name="partner" {...f.aria}>
          <option value="">{page.t.t('referrals.admin.noPartner')}</option>
          {partners.map((p) => (
            <option key={p.id} value={p.id} selected={p.id === chosen}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

export interface InviteFormState {
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly locations: readonly string[];
  readonly services: readonly string[];
  readonly partner?: string;
  readonly errors: readonly FormError[];
}

export function StaffListPage({
  page,
  staff,
  scopes,
  form,
  notice,
}: {
  page: StaffPage;
  staff: readonly StaffListEntry[];
  scopes: Scopes;
  form: InviteFormState;
  notice?: string;
}) {
  const { t } = page;
  const f = (field: string) => fieldProps(page, form.errors, field);
  return (
    <StaffLayout page={page} title={t.t('admin.title')}>
      <h1 class="kern-heading-large">{t.t('admin.title')}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <div class="site-table-wrap">
        <table class="kern-table">
          <TableHead
            page={page}
            columns={['admin.name', 'admin.email', 'admin.roles', 'admin.status', 'admin.secondFactor']}
          />
          <tbody class="kern-table__body">
            {staff.map((member) => (
              <tr class="kern-table__row" key={member.id}>
                <td class="kern-table__cell">
                  <a class="kern-link" href={`/staff/admin/staff/${member.id}`}>
                    {member.displayName}
                  </a>
                </td>
                <td class="kern-table__cell">{member.email}</td>
                <td class="kern-table__cell">{member.roles.map((g: RoleGrant) => t.t(`role.${g.role}`)).join(', ')}</td>
                <td class="kern-table__cell">{t.t(`admin.status.${member.status}`)}</td>
                <td class="kern-table__cell">
                  {member.totpConfirmed ? t.t('admin.secondFactor.yes') : t.t('admin.secondFactor.no')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="site-section" aria-labelledby="invite">
        <h2 class="kern-heading-medium" id="invite">
          {t.t('admin.invite.title')}
        </h2>
        <Summary page={page} errors={form.errors} />
        <p class="kern-body">{t.t('admin.invite.intro')}</p>
        <form class="site-form" method="post" action="/staff/admin/staff/invite" novalidate>
          <Csrf token={page.staff!.csrf} />
          <Field id="displayName" label={t.t('admin.name')} error={f('displayName').error}>
            <input
              class={f('displayName').inputClass}
              type="text"
              id="displayName"
              name="displayName"
              value={form.displayName}
              maxLength={200}
              {...f('displayName').aria}
            />
          </Field>
          <Field id="email" label={t.t('admin.email')} error={f('email').error}>
            <input
              class={f('email').inputClass}
              type="email"
              id="email"
              name="email"
              value={form.email}
              maxLength={254}
              {...f('email').aria}
            />
          </Field>
          <RoleChoices
            page={page}
            chosen={form.roles}
            scopes={scopes}
            chosenLocations={form.locations}
            chosenServices={form.services}
            errors={form.errors}
          />
          <PartnerChoice
            page={page}
            partners={scopes.partners ?? []}
            chosen={form.partner ?? ''}
            errors={form.errors}
          />
          <Submit label={t.t('admin.invite.submit')} />
        </form>
      </section>
    </StaffLayout>
  );
}

export function StaffEditPage({
  page,
  user,
  roles,
  scopes,
  notice,
  error,
}: {
  page: StaffPage;
  user: StaffRecord;
  roles: readonly RoleGrant[];
  scopes: Scopes;
  notice?: string;
  error?: string;
}) {
  const { t } = page;
  const csrf = page.staff!.csrf;
  const base = `/staff/admin/staff/${user.id}`;
  const locked = user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil : null;
  return (
    <StaffLayout page={page} title={user.displayName}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/admin/staff">
          {t.t('admin.title')}
        </a>
      </p>
      <h1 class="kern-heading-large">{user.displayName}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      {error ? <Alert kind="danger" title={error} live /> : null}
      <p class="kern-body">
        {user.email} · {t.t(`admin.status.${user.status}`)} · {t.t('admin.secondFactor')}:{' '}
        {user.totpConfirmed ? t.t('admin.secondFactor.yes') : t.t('admin.secondFactor.no')}
        {locked ? ` · ${t.t('admin.lockedUntil', { time: t.time(locked) })}` : null}
      </p>
      <form class="site-form" method="post" action={`${base}/roles`}>
        <Csrf token={csrf} />
        <RoleChoices
          page={page}
          chosen={roles.map((g) => g.role)}
          scopes={scopes}
          chosenLocations={roles[0]?.locationIds ?? []}
          chosenServices={roles[0]?.serviceIds ?? []}
          errors={[]}
        />
        <Submit label={t.t('admin.saveRoles')} />
      </form>
      <form
        class="site-form"
        method="post"
        action={`${base}/${user.status === 'deactivated' ? 'reactivate' : 'deactivate'}`}
      >
        <Csrf token={csrf} />
        <Submit secondary label={user.status === 'deactivated' ? t.t('admin.reactivate') : t.t('admin.deactivate')} />
      </form>
      <form class="site-form" method="post" action={`${base}/reset-2fa`}>
        <Csrf token={csrf} />
        <Submit secondary label={t.t('admin.resetTotp')} />
      </form>
      {user.status === 'invited' ? (
        <form class="site-form" method="post" action={`${base}/resend-invitation`}>
          <Csrf token={csrf} />
          <Submit secondary label={t.t('admin.resendInvitation')} />
        </form>
      ) : null}
      {user.status === 'active' ? (
        <form class="site-form" method="post" action={`${base}/reset-access`}>
          <Csrf token={csrf} />
          <Submit secondary label={t.t('admin.resetAccess')} />
        </form>
      ) : null}
      {locked ? (
        <form class="site-form" method="post" action={`${base}/unlock`}>
          <Csrf token={csrf} />
          <Submit secondary label={t.t('admin.unlock')} />
        </form>
      ) : null}
    </StaffLayout>
  );
}
