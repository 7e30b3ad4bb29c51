import { Alert, DescriptionList } from '../../platform/layout/components.js';
import { Layout } from '../../platform/layout/Layout.js';
import { href, type Page } from '../../platform/layout/page.js';
import { CONSENT_DAYS, legalBasisFor } from '../consent.js';
import type { ConsentState } from '../referral-store.js';
import type { ReferralView } from '../show-referral.js';

export type PersonNotice = 'consented' | 'withdrawn' | 'csrf' | null;

function consentText(page: Page, consent: ConsentState): string {
  const { t } = page;
  if (consent.kind === 'valid')
    return t.t('referrals.state.valid', { given: t.date(consent.givenAt), until: t.date(consent.expiresAt) });
  if (consent.kind === 'withdrawn') return t.t('referrals.state.withdrawn', { date: t.date(consent.at) });
  if (consent.kind === 'expired') return t.t('referrals.state.expired', { date: t.date(consent.at) });
  return t.t('referrals.state.none');
}

/**
 * The person's page behind the mail's link: who would receive what, for which purpose, for how
 * long, and how to withdraw; consent or withdrawal (POST), the partner's answers, and the access
 * report (what the partner was shown).
 */
export function PersonReferralPage({
  page,
  view,
  token,
  csrf,
  authority,
  notice,
}: {
  page: Page;
  view: ReferralView;
  token: string;
  csrf: string;
  authority: string;
  notice: PersonNotice;
}) {
  const { t } = page;
  const partner = view.partner;
  const action = href(page, `/referrals/${token}`);
  const valid = view.consent.kind === 'valid';
  return (
    <Layout page={page} title={t.t('referrals.page.title', { partner })}>
      <h1 class="kern-heading-large">{t.t('referrals.page.title', { partner })}</h1>
      {notice === 'consented' ? <Alert kind="success" title={t.t('referrals.page.consented')} live /> : null}
      {notice === 'withdrawn' ? (
        <Alert kind="success" title={t.t('referrals.page.withdrawnNotice', { partner })} live />
      ) : null}
      {notice === 'csrf' ? <Alert kind="warning" title={t.t('referrals.page.csrf')} live /> : null}
      <p class="kern-body">{t.t('referrals.page.intro', { authority, partner })}</p>
      <DescriptionList
        items={[
          { key: t.t('referrals.page.controller'), value: authority },
          { key: t.t('referrals.page.recipient'), value: partner },
          { key: t.t('referrals.page.purpose'), value: view.purpose },
          ...(view.message ? [{ key: t.t('referrals.page.message'), value: view.message }] : []),
          { key: t.t('referrals.page.state'), value: consentText(page, view.consent) },
        ]}
      />
      <h2 class="kern-heading-medium">{t.t('referrals.page.data', { partner })}</h2>
      <ul class="kern-list kern-list--bullet">
        {view.categories.map((c) => (
          <li class="kern-body" key={c}>
            {t.t(`referrals.category.${c}`)}
          </li>
        ))}
      </ul>
      <p class="kern-body">{t.t('referrals.page.duration', { days: CONSENT_DAYS, partner })}</p>
      <p class="kern-body">{t.t('referrals.page.legal', { basis: legalBasisFor(view.categories).join(', ') })}</p>
      <form method="post" action={`${action}/${valid ? 'withdraw' : 'consent'}`} class="site-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <button class={`kern-btn ${valid ? 'kern-btn--secondary' : 'kern-btn--primary'}`} type="submit">
          <span class="kern-label">{t.t(valid ? 'referrals.page.withdraw' : 'referrals.page.consent')}</span>
        </button>
      </form>
      <section class="site-section" aria-labelledby="answers">
        <h2 class="kern-heading-medium" id="answers">
          {t.t('referrals.page.answers', { partner })}
        </h2>
        {view.answers.length === 0 ? <p class="kern-body">{t.t('referrals.page.noAnswers')}</p> : null}
        <ul class="kern-list">
          {view.answers.map((a) => (
            <li class="kern-body" key={a.at.toISOString()}>
              {`${t.date(a.at)}: ${t.t(`referrals.answer.${a.kind}`)}`}
              {a.appointmentAt ? ` (${t.date(a.appointmentAt)})` : ''}
              {a.body ? ` – ${a.body}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section class="site-section" aria-labelledby="shown">
        <h2 class="kern-heading-medium" id="shown">
          {t.t('referrals.page.shown', { partner })}
        </h2>
        {view.disclosures.length === 0 ? (
          <p class="kern-body">{t.t('referrals.page.shownNone', { partner })}</p>
        ) : (
          <div class="site-table-wrap">
            <table class="kern-table">
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">
                    {t.t('referrals.page.when')}
                  </th>
                  <th class="kern-table__header" scope="col">
                    {t.t('referrals.page.what')}
                  </th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {view.disclosures.map((d) => (
                  <tr class="kern-table__row" key={d.at.toISOString()}>
                    <td class="kern-table__cell">{t.date(d.at)}</td>
                    <td class="kern-table__cell">
                      {d.categories.map((c) => t.t(`referrals.category.${c}`)).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
