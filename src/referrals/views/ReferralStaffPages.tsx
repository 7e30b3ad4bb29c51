import { Alert, DescriptionList, Field } from '../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { Csrf, fieldProps, type FormError, Submit, Summary, TableHead } from '../../platform/staff/components.js';
import { CATEGORIES } from '../consent.js';
import type { ReferralEntry } from '../list-referrals.js';
import type { ReferralForm } from '../prepare-referral.js';
import type { ReferralView } from '../show-referral.js';
import { consentLabel } from './consent-label.js';

export function ReferralListPage({
  page,
  entries,
  caseId,
  notice,
}: {
  page: StaffPage;
  entries: readonly ReferralEntry[];
  caseId?: string;
  notice?: string;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('referrals.list.title')}>
      <h1 class="kern-heading-large">{t.t('referrals.list.title')}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <p class="kern-body">{t.t(caseId ? 'referrals.list.forCase' : 'referrals.list.intro')}</p>
      {caseId ? (
        <p class="kern-body">
          <a class="kern-link" href={`/staff/referrals/new?case=${caseId}`}>
            {t.t('referrals.new.title')}
          </a>
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p class="kern-body">{t.t('referrals.list.empty')}</p>
      ) : (
        <div class="site-table-wrap">
          <table class="kern-table">
            <TableHead
              page={page}
              columns={[
                'referrals.col.created',
                'referrals.col.partner',
                'referrals.col.purpose',
                'referrals.col.consent',
                'referrals.col.answer',
              ]}
            />
            <tbody class="kern-table__body">
              {entries.map((e) => (
                <tr class="kern-table__row" key={e.id}>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`/staff/referrals/${e.id}`}>
                      {t.dateTime(e.createdAt)}
                    </a>
                  </td>
                  <td class="kern-table__cell">{e.partner}</td>
                  <td class="kern-table__cell">{e.purpose}</td>
                  <td class="kern-table__cell">{consentLabel(t, e.consent)}</td>
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

export interface NewReferralState {
  readonly offerId: string;
  readonly message: string;
  readonly categories: readonly string[];
  readonly errors: readonly FormError[];
}

export function NewReferralPage({
  page,
  form,
  state,
}: {
  page: StaffPage;
  form: ReferralForm;
  state: NewReferralState;
}) {
  const { t } = page;
  const f = (field: string) => fieldProps(page, state.errors, field);
  return (
    <StaffLayout page={page} title={t.t('referrals.new.title')}>
      <h1 class="kern-heading-large">{t.t('referrals.new.title')}</h1>
      <Summary page={page} errors={state.errors} />
      <p class="kern-body">{t.t('referrals.new.intro')}</p>
      {form.partners.length === 0 ? <Alert kind="info" title={t.t('referrals.new.noPartners')} /> : null}
      <form method="get" action="/staff/referrals/new" class="site-form">
        <input type="hidden" name="case" value={form.caseId} />
        <Field id="partner" label={t.t('referrals.new.partner')} error={f('partner').error}>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="partner" name="partner" {...f('partner').aria}>
              <option value="">{t.t('referrals.new.choosePartner')}</option>
              {form.partners.map((p) => (
                <option key={p.id} value={p.id} selected={p.id === form.partner?.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        </Field>
        <Submit label={t.t('referrals.new.next')} secondary />
      </form>
      {form.partner ? (
        <form method="post" action="/staff/referrals" class="site-form" novalidate>
          <Csrf token={page.staff!.csrf} />
          <input type="hidden" name="case" value={form.caseId} />
          <input type="hidden" name="partner" value={form.partner.id} />
          <fieldset class={`kern-fieldset${f('offer').error ? ' kern-fieldset--error' : ''}`} id="offer">
            <legend class="kern-label">{t.t('referrals.new.offer')}</legend>
            {f('offer').error ? (
              <p class="kern-error" id="offer-error">
                {f('offer').error}
              </p>
            ) : null}
            <div class="kern-fieldset__body">
              {form.partner.offers.map((o) => (
                <div class="kern-form-check" key={o.id}>
                  <input
                    class="kern-form-check__radio"
                    type="radio"
                    id={`offer-${o.id}`}
                    name="offer"
                    value={o.id}
                    checked={state.offerId === o.id}
                  />
                  <label class="kern-label" for={`offer-${o.id}`}>
                    {o.title}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <fieldset class={`kern-fieldset${f('categories').error ? ' kern-fieldset--error' : ''}`} id="categories">
            <legend class="kern-label">{t.t('referrals.new.categories')}</legend>
            {f('categories').error ? (
              <p class="kern-error" id="categories-error">
                {f('categories').error}
              </p>
            ) : null}
            <div class="kern-fieldset__body">
              {CATEGORIES.map((c) => {
                const available = form.available.includes(c);
                const label = t.t(`referrals.category.${c}`);
                return (
                  <div class="kern-form-check" key={c}>
                    <input
                      class="kern-form-check__checkbox"
                      type="checkbox"
                      id={`category-${c}`}
                      name="categories"
                      value={c}
                      disabled={!available}
                      checked={available && state.categories.includes(c)}
                    />
                    <label class="kern-label" for={`category-${c}`}>
                      {available ? label : t.t('referrals.new.unavailable', { category: label })}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
          <Field id="message" label={t.t('referrals.new.message')} error={f('message').error}>
            <textarea
              class="kern-form-input__input"
              id="message"
              name="message"
              rows={3}
              maxLength={1000}
              {...f('message').aria}
            >
              {state.message}
            </textarea>
          </Field>
          <Submit label={t.t('referrals.new.submit')} />
        </form>
      ) : null}
    </StaffLayout>
  );
}

export function ReferralDetailPage({ page, view, notice }: { page: StaffPage; view: ReferralView; notice?: string }) {
  const { t } = page;
  const valid = view.consent.kind === 'valid';
  return (
    <StaffLayout page={page} title={t.t('referrals.detail.title', { partner: view.partner })}>
      <h1 class="kern-heading-large">{t.t('referrals.detail.title', { partner: view.partner })}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <DescriptionList
        items={[
          { key: t.t('referrals.col.created'), value: t.dateTime(view.createdAt) },
          { key: t.t('referrals.col.purpose'), value: view.purpose },
          {
            key: t.t('referrals.detail.source'),
            value: (
              <a class="kern-link" href={`/staff/cases/${view.source.id}`}>
                {view.source.id.slice(0, 8)}
              </a>
            ),
          },
          {
            key: t.t('referrals.new.categories'),
            value: view.categories.map((c) => t.t(`referrals.category.${c}`)).join(', '),
          },
          ...(view.message ? [{ key: t.t('referrals.partner.message'), value: view.message }] : []),
          { key: t.t('referrals.col.consent'), value: consentLabel(t, view.consent) },
        ]}
      />
      <section class="site-section" aria-labelledby="answers">
        <h2 class="kern-heading-medium" id="answers">
          {t.t('referrals.detail.answers')}
        </h2>
        <AnswerList page={page} answers={view.answers} />
      </section>
      <section class="site-section" aria-labelledby="shown">
        <h2 class="kern-heading-medium" id="shown">
          {t.t('referrals.detail.shown')}
        </h2>
        {view.disclosures.length === 0 ? <p class="kern-body">{t.t('referrals.detail.shownNone')}</p> : null}
        <ul class="kern-list">
          {view.disclosures.map((d) => (
            <li class="kern-body" key={d.at.toISOString()}>
              {`${t.dateTime(d.at)}: ${d.categories.map((c) => t.t(`referrals.category.${c}`)).join(', ')}`}
            </li>
          ))}
        </ul>
      </section>
      <section class="site-section" aria-labelledby="counter">
        <h2 class="kern-heading-medium" id="counter">
          {t.t('referrals.detail.counter')}
        </h2>
        <p class="kern-body">{t.t('referrals.detail.counterHint')}</p>
        <form method="post" action={`/staff/referrals/${view.id}/${valid ? 'withdraw' : 'consent'}`}>
          <Csrf token={page.staff!.csrf} />
          <Submit
            label={t.t(valid ? 'referrals.detail.counterWithdraw' : 'referrals.detail.counterConsent')}
            secondary={valid}
          />
        </form>
      </section>
    </StaffLayout>
  );
}

export function AnswerList({ page, answers }: { page: StaffPage; answers: ReferralView['answers'] }) {
  const { t } = page;
  if (answers.length === 0) return <p class="kern-body">{t.t('referrals.detail.noAnswers')}</p>;
  return (
    <ul class="kern-list">
      {answers.map((a) => (
        <li class="kern-body" key={a.at.toISOString()}>
          {`${t.dateTime(a.at)}: ${t.t(`referrals.answer.${a.kind}`)}`}
          {a.appointmentAt ? ` (${t.dateTime(a.appointmentAt)})` : ''}
          {a.body ? ` – ${a.body}` : ''}
        </li>
      ))}
    </ul>
  );
}
