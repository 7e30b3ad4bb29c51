/** The directory admin's pages (/staff/partners): the list, and one form for a new or an existing partner. */
import { direction, ENDONYMS, type Locale, LOCALES } from '../../platform/i18n/locales.js';
import { Alert, Field } from '../../platform/layout/components.js';
import { Csrf, fieldProps, Submit, Summary, TableHead } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { PartnerListEntry } from '../list-partners.js';
import { type FormError, type FormValues, MAX_OFFERS, NEW_OFFER_ROWS } from '../partner-form.js';
import { PARTNER_KINDS } from '../partner-kinds.js';
import { TIMINGS } from '../timing.js';

export function PartnerListPage({
  page,
  partners,
  notice,
}: {
  page: StaffPage;
  partners: readonly PartnerListEntry[];
  notice?: string;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('partners.admin.title')}>
      <h1 class="kern-heading-large">{t.t('partners.admin.title')}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <p class="kern-body">{t.t('partners.admin.intro')}</p>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href="/staff/partners/new">
          <span class="kern-label">{t.t('partners.admin.new')}</span>
        </a>{' '}
        <a class="kern-link" href="/de/help">
          {t.t('partners.admin.publicPage')}
        </a>
      </p>
      {partners.length === 0 ? (
        <p class="kern-body">{t.t('partners.admin.empty')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table">
            <TableHead
              page={page}
              columns={[
                'partners.admin.name',
                'partners.admin.kind',
                'partners.admin.offersCount',
                'partners.admin.servicesCount',
                'partners.admin.referrals',
                'partners.admin.status',
              ]}
            />
            <tbody class="kern-table__body">
              {partners.map((p) => (
                <tr class="kern-table__row" key={p.id} data-partner={p.slug}>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`/staff/partners/${p.id}`}>
                      {p.name}
                    </a>
                  </td>
                  <td class="kern-table__cell">{t.t(`partners.kind.${p.kind}`)}</td>
                  <td class="kern-table__cell">{p.offers}</td>
                  <td class="kern-table__cell">{p.services}</td>
                  <td class="kern-table__cell">{t.t(p.takesReferrals ? 'partners.admin.yes' : 'partners.admin.no')}</td>
                  <td class="kern-table__cell">
                    {t.t(p.active ? 'partners.admin.active' : 'partners.admin.inactive')}
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

type Props = { page: StaffPage; values: FormValues; errors: readonly FormError[] };

function TextInput({
  page,
  values,
  errors,
  name,
  label,
  hint,
  type = 'text',
  max,
  lang,
}: Props & {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'tel' | 'email' | 'url';
  max: number;
  lang?: Locale;
}) {
  const f = fieldProps(page, errors, name);
  return (
    <Field id={name} label={label} {...(hint ? { hint } : {})} {...(f.error ? { error: f.error } : {})}>
      <input
        class={f.inputClass}
        type={type as 'text'}
        id={name}
        name={name}
        value={values[name] ?? ''}
        maxLength={max}
        {...(lang ? { lang, dir: direction(lang) } : {})}
        {...(hint && !f.error ? { 'aria-describedby': `${name}-hint` } : {})}
        {...f.aria}
      />
    </Field>
  );
}

function Organisation(props: Props & { creating: boolean }) {
  const { page, values, errors, creating } = props;
  const { t } = page;
  const kind = fieldProps(page, errors, 'kind');
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t.t('partners.admin.organisation')}</legend>
      <div class="kern-fieldset__body">
        <TextInput
          {...props}
          name="name"
          label={t.t('partners.admin.name')}
          hint={t.t('partners.admin.nameHint')}
          max={200}
        />
        {creating ? (
          <TextInput
            {...props}
            name="slug"
            label={t.t('partners.admin.slug')}
            hint={t.t('partners.admin.slugHint')}
            max={80}
          />
        ) : (
          <input type="hidden" name="slug" value={values.slug ?? ''} />
        )}
        <Field id="kind" label={t.t('partners.admin.kind')} {...(kind.error ? { error: kind.error } : {})}>
          <select class="kern-form-input__select" id="kind" name="kind" {...kind.aria}>
            {PARTNER_KINDS.map((k) => (
              <option key={k} value={k} selected={values.kind === k}>
                {t.t(`partners.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <TextInput
          {...props}
          name="languages"
          label={t.t('partners.admin.languages')}
          hint={t.t('partners.admin.languagesHint')}
          max={200}
        />
        <TextInput {...props} name="street" label={t.t('partners.admin.street')} max={200} />
        <TextInput {...props} name="postalCode" label={t.t('partners.admin.postalCode')} max={5} />
        <TextInput {...props} name="city" label={t.t('partners.admin.city')} max={100} />
        <TextInput {...props} name="phone" label={t.t('partners.admin.phone')} type="tel" max={50} />
        <TextInput {...props} name="email" label={t.t('partners.admin.email')} type="email" max={254} />
        <TextInput {...props} name="website" label={t.t('partners.admin.website')} type="url" max={300} />
        <div class="kern-form-check">
          <input
            class="kern-form-check__checkbox"
            type="checkbox"
            id="takesReferrals"
            name="takesReferrals"
            value="yes"
            checked={values.takesReferrals === 'yes'}
          />
          <label class="kern-label" for="takesReferrals">
            {t.t('partners.admin.takesReferrals')}
          </label>
        </div>
      </div>
    </fieldset>
  );
}

function Texts(props: Props) {
  const { page, values, errors } = props;
  const { t } = page;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t.t('partners.admin.texts')}</legend>
      <p class="kern-hint">{t.t('partners.admin.textsHint')}</p>
      <div class="kern-fieldset__body">
        {LOCALES.map((locale) => {
          const name = `summary.${locale}`;
          const f = fieldProps(page, errors, name);
          return (
            <div key={locale}>
              <Field
                id={name}
                label={t.t('partners.admin.summary', { language: ENDONYMS[locale] })}
                {...(f.error ? { error: f.error } : {})}
              >
                <textarea
                  class={f.inputClass}
                  id={name}
                  name={name}
                  rows={3}
                  maxLength={1000}
                  lang={locale}
                  dir={direction(locale)}
                  {...f.aria}
                >
                  {values[name] ?? ''}
                </textarea>
              </Field>
              <TextInput
                {...props}
                name={`hours.${locale}`}
                label={t.t('partners.admin.hours', { language: ENDONYMS[locale] })}
                max={500}
                lang={locale}
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function Offers(props: Props & { rows: number }) {
  const { page, values, rows } = props;
  const { t } = page;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t.t('partners.admin.offers')}</legend>
      <p class="kern-hint">{t.t('partners.admin.offersHint')}</p>
      {Array.from({ length: rows }, (_, row) => (
        <fieldset class="kern-fieldset" key={row} data-offer={row}>
          <legend class="kern-label">{t.t('partners.admin.offer', { number: row + 1 })}</legend>
          <input type="hidden" name={`offer.${row}.key`} value={values[`offer.${row}.key`] ?? ''} />
          <div class="kern-fieldset__body">
            {LOCALES.map((locale) => (
              <TextInput
                {...props}
                key={locale}
                name={`offer.${row}.title.${locale}`}
                label={t.t('partners.admin.offerTitle', { language: ENDONYMS[locale] })}
                max={200}
                lang={locale}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}

function Services({ page, values, errors, services }: Props & { services: readonly { id: string; name: string }[] }) {
  const { t } = page;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t.t('partners.admin.services')}</legend>
      <p class="kern-hint">{t.t('partners.admin.servicesHint')}</p>
      <div class="kern-fieldset__body">
        {services.map((service) => {
          const name = `service.${service.id}`;
          const f = fieldProps(page, errors, name);
          return (
            <Field key={service.id} id={name} label={service.name} {...(f.error ? { error: f.error } : {})}>
              <select class="kern-form-input__select" id={name} name={name} {...f.aria}>
                <option value="">{t.t('partners.admin.timing.none')}</option>
                {TIMINGS.map((timing) => (
                  <option key={timing} value={timing} selected={values[name] === timing}>
                    {t.t(`partners.admin.timing.${timing}`)}
                  </option>
                ))}
              </select>
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Counts the offer rows a form needs: every row with something typed in it, and empty ones for new offers. */
export function offerRows(values: FormValues): number {
  let used = 0;
  for (const key of Object.keys(values)) {
    const row = /^offer\.(\d+)\./.exec(key)?.[1];
    if (row !== undefined && values[key] !== '') used = Math.max(used, Number(row) + 1);
  }
  return Math.min(used + NEW_OFFER_ROWS, MAX_OFFERS + NEW_OFFER_ROWS);
}

export function PartnerFormPage({
  page,
  partner,
  values,
  errors,
  services,
  notice,
}: Props & {
  /** The partner being edited; absent for a new one. */
  partner?: { id: string; name: string; active: boolean };
  services: readonly { id: string; name: string }[];
  notice?: string;
}) {
  const { t } = page;
  const title = partner ? t.t('partners.admin.edit', { name: partner.name }) : t.t('partners.admin.new');
  const action = partner ? `/staff/partners/${partner.id}` : '/staff/partners';
  return (
    <StaffLayout page={page} title={title}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/partners">
          {t.t('partners.admin.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <Summary page={page} errors={errors} />
      <form class="site-form" method="post" action={action} novalidate>
        <Csrf token={page.staff!.csrf} />
        <Organisation page={page} values={values} errors={errors} creating={!partner} />
        <Texts page={page} values={values} errors={errors} />
        <Offers page={page} values={values} errors={errors} rows={offerRows(values)} />
        <Services page={page} values={values} errors={errors} services={services} />
        <Submit label={t.t(partner ? 'partners.admin.save' : 'partners.admin.create')} />
      </form>
      {partner ? (
        <section class="site-section" aria-labelledby="partner-active">
          <h2 class="kern-heading-medium" id="partner-active">
            {t.t(partner.active ? 'partners.admin.active' : 'partners.admin.inactive')}
          </h2>
          <p class="kern-body">{t.t('partners.admin.deactivateHint')}</p>
          <form method="post" action={`/staff/partners/${partner.id}/active`}>
            <Csrf token={page.staff!.csrf} />
            <input type="hidden" name="active" value={partner.active ? 'no' : 'yes'} />
            <Submit label={t.t(partner.active ? 'partners.admin.deactivate' : 'partners.admin.reactivate')} secondary />
          </form>
        </section>
      ) : null}
    </StaffLayout>
  );
}
