import { OFFICE_TIME_ZONE } from '../../../platform/clock/office-time.js';
import type { StaffMessageKey } from '../../../platform/i18n/catalogues.js';
import { ENDONYMS, isLocale } from '../../../platform/i18n/locales.js';
import { Alert, DescriptionList } from '../../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../../platform/staff/StaffLayout.js';
import { can } from '../../../platform/access/policies.js';
import type { CaseActionType } from '../../case-state.js';
import type { LabelledAnswer } from '../../apply/application-questions.js';
import type { CaseView } from '../open-case.js';
import { REQUEST_TEMPLATES } from '../../documents/request-documents.js';

const DATE_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: OFFICE_TIME_ZONE,
  dateStyle: 'medium',
  timeStyle: 'short',
});
const DATE = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', dateStyle: 'medium' });
const day = (iso: string) => DATE.format(new Date(`${iso}T00:00:00Z`));

/** An answer as written for staff: dates as dates, yes and no in their language, a longer text with its line breaks. */
function AnswerValue({ page, answer }: { page: StaffPage; answer: LabelledAnswer }) {
  if (answer.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(answer.value)) return <>{day(answer.value)}</>;
  if (answer.kind === 'yesno' && (answer.value === 'yes' || answer.value === 'no'))
    return <>{page.t.t(`cases.answer.${answer.value}`)}</>;
  return (
    <>
      {answer.value.split('\n').map((line, i) =>
        i === 0 ? (
          line
        ) : (
          <>
            <br />
            {line}
          </>
        ),
      )}
    </>
  );
}

function Hidden({ page }: { page: StaffPage }) {
  return <input type="hidden" name="_csrf" value={page.staff!.csrf} />;
}

/** One action of the state machine as a form; hearing and refusal carry their fields. */
function ActionForm({ page, view, type }: { page: StaffPage; view: CaseView; type: CaseActionType }) {
  const { t } = page;
  const id = `action-${type}`;
  return (
    <form method="post" action={`/staff/cases/${view.id}/actions/${type}`} class="site-form site-case-action">
      <Hidden page={page} />
      {type === 'record_hearing' ? (
        <div class="kern-form-input">
          <label class="kern-label" for={`${id}-date`}>
            {t.t('cases.heardOn')}
          </label>
          <input class="kern-form-input__input" type="date" id={`${id}-date`} name="heardOn" required />
        </div>
      ) : null}
      {type === 'propose_refusal' ? (
        <>
          <div class="kern-form-input">
            <label class="kern-label" for={`${id}-reasons`}>
              {t.t('cases.reasons')}
            </label>
            <textarea
              class="kern-form-input__input"
              id={`${id}-reasons`}
              name="reasons"
              rows={5}
              maxLength={4000}
              required
            />
          </div>
          <div class="kern-form-check">
            <input
              class="kern-form-check__input"
              type="checkbox"
              id={`${id}-counselling`}
              name="counsellingInfoGiven"
              value="yes"
            />
            <label class="kern-label" for={`${id}-counselling`}>
              {t.t('cases.counselling')}
            </label>
          </div>
        </>
      ) : null}
      <button
        class={`kern-btn ${type === 'grant' || type === 'start_review' ? 'kern-btn--primary' : 'kern-btn--secondary'}`}
        type="submit"
      >
        <span class="kern-label">{t.t(`cases.action.${type}`)}</span>
      </button>
    </form>
  );
}

function RequestForm({ page, view }: { page: StaffPage; view: CaseView }) {
  const { t } = page;
  return (
    <form method="post" action={`/staff/cases/${view.id}/requests`} class="site-form">
      <Hidden page={page} />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{t.t('cases.requestDocuments')}</legend>
        {view.service.documents.map((d) => (
          <div class="kern-form-check" key={d.slug}>
            <input
              class="kern-form-check__input"
              type="checkbox"
              id={`req-${d.slug}`}
              name="documents"
              value={d.slug}
            />
            <label class="kern-label" for={`req-${d.slug}`}>
              {d.name}
            </label>
          </div>
        ))}
      </fieldset>
      <div class="kern-form-input">
        <label class="kern-label" for="req-template">
          {t.t('cases.requestTemplate')}
        </label>
        <div class="kern-form-input__select-wrapper">
          <select class="kern-form-input__select" id="req-template" name="template">
            {REQUEST_TEMPLATES.map((k) => (
              <option key={k} value={k}>
                {t.t(`cases.template.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="kern-form-input">
        <label class="kern-label" for="req-due">
          {t.t('cases.requestDue')}
        </label>
        <input class="kern-form-input__input" type="date" id="req-due" name="dueOn" required />
      </div>
      <button class="kern-btn kern-btn--primary" type="submit">
        <span class="kern-label">{t.t('cases.requestSend')}</span>
      </button>
    </form>
  );
}

/** A case: applicant, documents (open in the browser), history, notes, and the steps the state machine allows this person. */
export function CasePage({
  page,
  view,
  notice,
}: {
  page: StaffPage;
  view: CaseView;
  notice: { key: StaffMessageKey; ok: boolean } | null;
}) {
  const { t } = page;
  const docName = (slug: string) => view.service.documents.find((d) => d.slug === slug)?.name ?? slug;
  const mine = page.staff && view.assignedTo?.id === page.staff.actor.userId;
  const steps = view.actions.filter((a) => a !== 'request_documents' && a !== 'documents_received');
  return (
    <StaffLayout page={page} title={t.t('cases.case', { reference: view.reference })}>
      <h1 class="kern-heading-large">{t.t('cases.case', { reference: view.reference })}</h1>
      {notice ? <Alert kind={notice.ok ? 'success' : 'danger'} title={t.t(notice.key)} live /> : null}
      <p class="kern-body">
        <strong data-state={view.state}>{t.t(`cases.stateName.${view.state}`)}</strong> – {view.service.name}
      </p>
      {view.mayWork ? (
        <form method="post" action={`/staff/cases/${view.id}/assign`}>
          <Hidden page={page} />
          <input type="hidden" name="toMe" value={mine ? 'no' : 'yes'} />
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">{t.t(mine ? 'cases.release' : 'cases.take')}</span>
          </button>
        </form>
      ) : null}
      <h2 class="kern-heading-medium">{t.t('cases.applicant')}</h2>
      <DescriptionList
        items={[
          { key: t.t('cases.name'), value: `${view.applicant.firstName} ${view.applicant.lastName}` },
          { key: t.t('cases.birthDate'), value: day(view.applicant.birthDate) },
          { key: t.t('cases.email'), value: view.applicant.email },
          {
            key: t.t('cases.language'),
            value: isLocale(view.applicant.locale) ? ENDONYMS[view.applicant.locale] : view.applicant.locale,
          },
          {
            key: t.t('cases.permitExpiresOn'),
            value: view.applicant.permitExpiresOn ? day(view.applicant.permitExpiresOn) : '–',
          },
          { key: t.t('cases.received'), value: DATE_TIME.format(view.receivedAt) },
          { key: t.t('cases.expected'), value: day(view.expectedDecisionOn) },
          { key: t.t('cases.assigned'), value: view.assignedTo?.name ?? '–' },
        ]}
      />
      {view.continuedValidity ? <p class="kern-body">{t.t('cases.continuedValidity')}</p> : null}
      {page.staff && can(page.staff.actor, 'referrals.create', { authorityId: page.staff.actor.authorityId }) ? (
        <p class="kern-body">
          <a class="kern-link" href={`/staff/referrals?case=${view.id}`}>
            {t.t('referrals.case.link')}
          </a>
        </p>
      ) : null}
      {view.answers.length > 0 ? (
        <>
          <h2 class="kern-heading-medium">{t.t('cases.answers')}</h2>
          <DescriptionList
            items={view.answers.map((a) => ({ key: a.label, value: <AnswerValue page={page} answer={a} /> }))}
          />
        </>
      ) : null}
      <h2 class="kern-heading-medium">{t.t('cases.documents')}</h2>
      {view.files.length === 0 ? (
        <p class="kern-body">{t.t('cases.noDocuments')}</p>
      ) : (
        <ul class="kern-list">
          {view.files.map((f) => (
            <li key={f.id} class="kern-body">
              {docName(f.documentSlug)}:{' '}
              <a class="kern-link" href={`/staff/cases/${view.id}/files/${f.id}`} target="_blank" rel="noopener">
                {f.fileName}
              </a>{' '}
              ({DATE_TIME.format(f.uploadedAt)})
            </li>
          ))}
        </ul>
      )}
      {view.openRequests.length > 0 ? (
        <>
          <h2 class="kern-heading-medium">{t.t('cases.openRequests')}</h2>
          <ul class="kern-list">
            {view.openRequests.map((r) => (
              <li key={r.id} class="kern-body">
                {r.documents.map(docName).join(', ')} – {day(r.dueOn)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="kern-heading-medium">{t.t('cases.actions')}</h2>
      {view.record.hearing ? (
        <p class="kern-body">
          {t.t('cases.hearing', {
            date: day(view.record.hearing.heardOn),
            by:
              view.record.hearing.by.userId === page.staff?.actor.userId
                ? t.t('cases.assigned.me')
                : t.t('cases.colleague'),
          })}
        </p>
      ) : null}
      {view.record.refusalProposal ? (
        <p class="kern-body">
          {t.t('cases.proposal', {
            by:
              view.record.refusalProposal.by.userId === page.staff?.actor.userId
                ? t.t('cases.assigned.me')
                : t.t('cases.colleague'),
            reasons: view.record.refusalProposal.reasons,
          })}
        </p>
      ) : null}
      {view.state === 'ready_for_decision' ? <p class="kern-body">{t.t('cases.fourEyes')}</p> : null}
      {steps.length === 0 && !view.actions.includes('request_documents') ? (
        <p class="kern-body">{t.t('cases.noActions')}</p>
      ) : null}
      <div class="site-actions">
        {steps.map((type) => (
          <ActionForm key={type} page={page} view={view} type={type} />
        ))}
      </div>
      {view.actions.includes('request_documents') ? (
        <section aria-labelledby="request">
          <h3 class="kern-heading-small" id="request">
            {t.t('cases.request')}
          </h3>
          <RequestForm page={page} view={view} />
        </section>
      ) : null}
      <h2 class="kern-heading-medium">{t.t('cases.fiktion')}</h2>
      <p class="kern-body">{t.t(view.continuedValidity ? 'cases.fiktion.81_4' : 'cases.fiktion.81_3')}</p>
      {view.fiktionsbescheinigungen.length > 0 ? (
        <ul class="kern-list">
          {view.fiktionsbescheinigungen.map((f) => (
            <li key={f.id} class="kern-body">
              {t.t('cases.fiktion.issued', { number: f.formNumber, until: day(f.validUntil) })}{' '}
              <a class="kern-link" href={`/staff/cases/${view.id}/fiktionsbescheinigungen/${f.id}`}>
                {t.t('cases.fiktion.print')}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {view.mayWork &&
      ['received', 'incomplete', 'in_review', 'waiting_other_authority', 'ready_for_decision'].includes(view.state) ? (
        <form method="post" action={`/staff/cases/${view.id}/fiktionsbescheinigungen`} class="site-inline-form">
          <Hidden page={page} />
          <div class="kern-form-input">
            <label class="kern-label" for="fiktion-number">
              {t.t('cases.fiktion.number')}
            </label>
            <input
              class="kern-form-input__input"
              type="text"
              id="fiktion-number"
              name="formNumber"
              maxLength={30}
              autocomplete="off"
            />
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="fiktion-until">
              {t.t('cases.fiktion.until')}
            </label>
            <input class="kern-form-input__input" type="date" id="fiktion-until" name="validUntil" />
          </div>
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">{t.t('cases.fiktion.issue')}</span>
          </button>
        </form>
      ) : null}
      <h2 class="kern-heading-medium">{t.t('cases.history')}</h2>
      <ol class="kern-list">
        {view.history.map((h, i) => (
          <li key={i} class="kern-body">
            {DATE_TIME.format(h.at)}: {t.t(`cases.action.${h.action}` as StaffMessageKey)} →{' '}
            {t.t(`cases.stateName.${h.state}`)}
            {h.by ? ` (${h.by})` : ''}
          </li>
        ))}
      </ol>
      <h2 class="kern-heading-medium">{t.t('cases.notes')}</h2>
      <ul class="kern-list">
        {view.notes.map((n, i) => (
          <li key={i} class="kern-body">
            {DATE_TIME.format(n.at)} {n.by ? `(${n.by})` : ''}: {n.body}
          </li>
        ))}
      </ul>
      {view.mayWork ? (
        <form method="post" action={`/staff/cases/${view.id}/notes`} class="site-form">
          <Hidden page={page} />
          <div class="kern-form-input">
            <label class="kern-label" for="note">
              {t.t('cases.note')}
            </label>
            <textarea class="kern-form-input__input" id="note" name="body" rows={3} maxLength={4000} />
          </div>
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">{t.t('cases.addNote')}</span>
          </button>
        </form>
      ) : null}
    </StaffLayout>
  );
}
