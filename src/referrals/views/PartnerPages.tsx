import { Alert, DescriptionList, Field } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Csrf, fieldProps, type FormError, Submit, Summary, TableHead } from '../../platform/staff/components.js';
import type { PartnerReferralEntry } from '../list-partner-referrals.js';
import type { PartnerReferralView } from '../open-partner-referral.js';
import { ANSWER_KINDS } from '../referral-store.js';
import { AnswerList } from './ReferralStaffPages.js';

export function PartnerListPage({
  page,
  entries,
  bound,
}: {
  page: StaffPage;
  entries: readonly PartnerReferralEntry[];
  bound: boolean;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('referrals.partner.title')}>
      <h1 class="kern-heading-large">{t.t('referrals.partner.title')}</h1>
      {bound ? null : <Alert kind="warning" title={t.t('referrals.partner.unbound')} />}
      <p class="kern-body">{t.t('referrals.partner.intro')}</p>
      {entries.length === 0 ? (
        <p class="kern-body">{t.t('referrals.partner.empty')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table">
            <TableHead
              page={page}
              columns={['referrals.col.created', 'referrals.col.purpose', 'referrals.col.answer']}
            />
            <tbody class="kern-table__body">
              {entries.map((e) => (
                <tr class="kern-table__row" key={e.id}>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`/staff/partner/referrals/${e.id}`}>
                      {t.dateTime(e.createdAt)}
                    </a>
                  </td>
                  <td class="kern-table__cell">{e.purpose}</td>
                  <td class="kern-table__cell">{e.lastAnswer ? t.t(`referrals.answer.${e.lastAnswer}`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export interface AnswerFormState {
  readonly kind: string;
  readonly body: string;
  readonly appointmentAt: string;
  readonly errors: readonly FormError[];
}

export function PartnerReferralPage({
  page,
  view,
  form,
  notice,
}: {
  page: StaffPage;
  view: PartnerReferralView;
  form: AnswerFormState;
  notice?: string;
}) {
  const { t } = page;
  const f = (field: string) => fieldProps(page, form.errors, field);
  const title = t.t('referrals.partner.detailTitle', { purpose: view.purpose });
  return (
    <StaffLayout page={page} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <Summary page={page} errors={form.errors} />
      <p class="kern-body">{t.t('referrals.partner.consentUntil', { date: t.dateTime(view.consentUntil) })}</p>
      <h2 class="kern-heading-medium">{t.t('referrals.partner.data')}</h2>
      <DescriptionList
        items={[
          ...view.fields.map((field) => ({ key: t.t(`referrals.category.${field.category}`), value: field.value })),
          ...(view.message ? [{ key: t.t('referrals.partner.message'), value: view.message }] : []),
        ]}
      />
      <section class="site-section" aria-labelledby="answers">
        <h2 class="kern-heading-medium" id="answers">
          {t.t('referrals.partner.answerTitle')}
        </h2>
        <AnswerList page={page} answers={view.answers} />
        <form method="post" action={`/staff/partner/referrals/${view.id}/answers`} class="site-form" novalidate>
          <Csrf token={page.staff!.csrf} />
          <Field id="kind" label={t.t('referrals.partner.kind')} error={f('kind').error}>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="kind" name="kind" {...f('kind').aria}>
                {ANSWER_KINDS.map((k) => (
                  <option key={k} value={k} selected={form.kind === k}>
                    {t.t(`referrals.answer.${k}`)}
                  </option>
                ))}
              </select>
            </div>
          </Field>
          <Field id="appointmentAt" label={t.t('referrals.partner.appointmentAt')} error={f('appointmentAt').error}>
            <input
              class={f('appointmentAt').inputClass}
              type="datetime-local"
              id="appointmentAt"
              name="appointmentAt"
              value={form.appointmentAt}
              {...f('appointmentAt').aria}
            />
          </Field>
          <Field id="body" label={t.t('referrals.partner.body')} error={f('body').error}>
            <textarea class={f('body').inputClass} id="body" name="body" rows={3} maxLength={1000} {...f('body').aria}>
              {form.body}
            </textarea>
          </Field>
          <Submit label={t.t('referrals.partner.submit')} />
        </form>
      </section>
    </StaffLayout>
  );
}
