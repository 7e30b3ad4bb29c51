import { ProcessingTimeNote } from '../../../platform/reports/ProcessingTimeNote.js';
import type { PublishedProcessingTime } from '../../../platform/reports/processing-time.js';
import { OFFICE_TIME_ZONE } from '../../../platform/clock/office-time.js';
import { Alert, DescriptionList, ErrorSummary, FieldError } from '../../../platform/layout/components.js';
import { Layout } from '../../../platform/layout/Layout.js';
import { href, type Page } from '../../../platform/layout/page.js';
import type { CaseStatus } from '../case-status.js';
import type { ReceiptCheck } from '../../receipts/check-receipt.js';

// Making a formatter costs more than using it: one per language and kind, made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'dateTime' | 'date', locale: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(
      locale,
      kind === 'dateTime'
        ? { timeZone: OFFICE_TIME_ZONE, dateStyle: 'long', timeStyle: 'short', calendar: 'gregory' }
        : { timeZone: 'UTC', dateStyle: 'long', calendar: 'gregory' },
    );
    formatters.set(key, made);
  }
  return made;
}
const DATE_TIME = (locale: string) => formatter('dateTime', locale);
const DATE = (locale: string) => formatter('date', locale);

/** A moment as the status pages show it: the office's time, the Gregorian calendar, in the reader's language. */
export function formatMoment(locale: string, at: Date): string {
  return DATE_TIME(locale).format(at);
}

/** Under a status page reached by signing in: back to all of the person's applications, or sign out. */
export function SignedInFooter({
  page,
  listHref,
  signOutAction,
  csrf,
}: {
  page: Page;
  listHref: string;
  signOutAction: string;
  csrf: string;
}) {
  const { t } = page;
  return (
    <div class="site-section">
      <p class="kern-body">
        <a class="kern-link" href={listHref}>
          {t.t('statusSignIn.backToList')}
        </a>
      </p>
      <form method="post" action={signOutAction}>
        <input type="hidden" name="_csrf" value={csrf} />
        <button class="kern-btn kern-btn--tertiary" type="submit">
          <span class="kern-label">{t.t('statusSignIn.signOut')}</span>
        </button>
      </form>
    </div>
  );
}

function BirthDateForm({
  page,
  action,
  csrf,
  error,
  label,
}: {
  page: Page;
  action: string;
  csrf: string;
  error: string | null;
  label: string;
}) {
  const { t } = page;
  return (
    <form class="site-form" method="post" action={action} novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
        <label class="kern-label" for="birthDate">
          {t.t('status.birthDate')}
        </label>
        {error ? <FieldError id="birthDate-error" text={error} /> : null}
        <input
          class="kern-form-input__input"
          type="date"
          id="birthDate"
          name="birthDate"
          autocomplete="bday"
          min="1900-01-01"
          max="2100-12-31"
          aria-describedby={error ? 'birthDate-error' : undefined}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <button class="kern-btn kern-btn--primary" type="submit">
        <span class="kern-label">{label}</span>
      </button>
    </form>
  );
}

/** The status link asks for the date of birth first: the link alone shows nothing. */
export function StatusGatePage({
  page,
  action,
  csrf,
  error,
}: {
  page: Page;
  action: string;
  csrf: string;
  error: string | null;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.t('status.title')}>
      <h1 class="kern-heading-large">{t.t('status.title')}</h1>
      <ErrorSummary title={t.t('form.errorSummary')} errors={error ? [{ field: 'birthDate', message: error }] : []} />
      <p class="kern-body">{t.t('status.intro')}</p>
      <BirthDateForm page={page} action={action} csrf={csrf} error={error} label={t.t('status.show')} />
      <p class="kern-body">
        <a class="kern-link" href={href(page, '/status')}>
          {t.t('statusSignIn.fromLink')}
        </a>
      </p>
    </Layout>
  );
}

/** Hidden in the page's forms when the way in was the link: the date of birth goes along with each request. */
function BirthDateField({ birthDate }: { birthDate: string | null }) {
  return birthDate === null ? null : <input type="hidden" name="birthDate" value={birthDate} />;
}

/**
 * Where the case stands, in plain words; what comes next; the history; the receipt again. Reached
 * by the link with the date of birth (`birthDate`), or signed in with a code (`signedIn`: back to
 * the list, sign out).
 */
/** States in which the case waits for its decision. */
const OPEN: readonly string[] = [
  'received',
  'incomplete',
  'in_review',
  'waiting_other_authority',
  'ready_for_decision',
];

export function StatusPage({
  page,
  status,
  receiptAction,
  uploadAction,
  csrf,
  birthDate,
  notice,
  problems,
  signedIn,
  processingTime,
}: {
  page: Page;
  status: CaseStatus;
  /** The service's published processing time (reports/), shown while the case is open. */
  processingTime?: PublishedProcessingTime | null;
  receiptAction: string;
  uploadAction: string;
  csrf: string;
  birthDate: string | null;
  notice: string | null;
  problems: readonly string[];
  signedIn?: { listHref: string; signOutAction: string };
}) {
  const { t } = page;
  const when = DATE_TIME(t.locale);
  return (
    <Layout page={page} title={t.t('status.title')}>
      <h1 class="kern-heading-large">{t.t('status.title')}</h1>
      {notice ? <Alert kind="success" title={notice} live /> : null}
      <ErrorSummary
        title={t.t('apply.errorTitle')}
        errors={problems.map((p, i) => ({ field: i === 0 ? 'upload' : `upload-${i}`, message: p }))}
      />
      {status.requests.length > 0 ? (
        <section class="site-section" aria-labelledby="action-required">
          <Alert kind="warning" title={t.t('status.actionRequired')}>
            {status.requests.map((r, i) => (
              <p class="kern-body" key={i}>
                {r.text}
              </p>
            ))}
          </Alert>
          <h2 class="kern-heading-medium" id="action-required">
            {t.t('status.upload')}
          </h2>
          <form class="site-form" method="post" action={uploadAction} enctype="multipart/form-data" id="upload">
            <input type="hidden" name="_csrf" value={csrf} />
            <BirthDateField birthDate={birthDate} />
            {[...new Map(status.requests.flatMap((r) => r.documents).map((d) => [d.slug, d])).values()].map((d) => (
              <div class="kern-form-input" key={d.slug}>
                <label class="kern-label" for={`upload-${d.slug}`}>
                  {d.name}
                </label>
                <input
                  class="kern-form-input__input"
                  type="file"
                  id={`upload-${d.slug}`}
                  name={`file:${d.slug}`}
                  multiple
                  accept="application/pdf,image/jpeg,image/png"
                />
              </div>
            ))}
            <button class="kern-btn kern-btn--primary" type="submit">
              <span class="kern-label">{t.t('status.upload')}</span>
            </button>
          </form>
        </section>
      ) : null}
      <Alert kind="info" title={`${t.t('status.now')}: ${t.t(`case.state.${status.state}`)}`}>
        <p class="kern-body" data-state={status.state}>
          {t.t(`case.next.${status.state}`)}
        </p>
      </Alert>
      {OPEN.includes(status.state) && processingTime !== undefined ? (
        <p class="kern-body">
          <ProcessingTimeNote t={t} time={processingTime} link={href(page, '/processing-times')} />
        </p>
      ) : null}
      {status.continuedValidity &&
      !['granted', 'refused', 'card_ordered', 'ready_for_pickup', 'closed'].includes(status.state) ? (
        <p class="kern-body">{t.t('status.continuedValidity')}</p>
      ) : null}
      <DescriptionList
        items={[
          { key: t.t('status.reference'), value: status.reference },
          { key: t.t('status.service'), value: status.serviceName },
          { key: t.t('status.receivedAt'), value: when.format(status.receivedAt) },
          {
            key: t.t('status.expected'),
            value: DATE(t.locale).format(new Date(`${status.expectedDecisionOn}T00:00:00Z`)),
          },
        ]}
      />
      <h2 class="kern-heading-medium">{t.t('status.history')}</h2>
      <ol class="kern-list">
        {status.history.map((h, i) => (
          <li key={i} class="kern-body">
            {when.format(h.at)}: {t.t(`case.state.${h.state}`)}
          </li>
        ))}
      </ol>
      <form method="post" action={receiptAction}>
        <input type="hidden" name="_csrf" value={csrf} />
        <BirthDateField birthDate={birthDate} />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.t('status.receipt')}</span>
        </button>
      </form>
      {signedIn ? (
        <SignedInFooter listHref={signedIn.listHref} signOutAction={signedIn.signOutAction} csrf={csrf} page={page} />
      ) : null}
    </Layout>
  );
}

/** The public check of a receipt: a form, and the verdict with only what the receipt itself shows. */
export function VerifyPage({
  page,
  code,
  result,
  authorityName,
}: {
  page: Page;
  code: string;
  result: ReceiptCheck | null;
  authorityName: string;
}) {
  const { t } = page;
  const error = result && !result.ok ? t.t(`verify.${result.reason}`) : null;
  return (
    <Layout page={page} title={t.t('verify.title')}>
      <h1 class="kern-heading-large">{t.t('verify.title')}</h1>
      {result?.ok ? (
        <Alert kind="success" title={t.t('verify.valid')} live>
          <p class="kern-body">{t.t('verify.validText', { authority: authorityName })}</p>
          <DescriptionList
            items={[
              { key: t.t('receipt.reference'), value: result.facts.reference },
              { key: t.t('receipt.receivedAt'), value: DATE_TIME(t.locale).format(new Date(result.facts.receivedAt)) },
              { key: t.t('receipt.service'), value: result.serviceName },
              { key: t.t('verify.initials'), value: result.facts.applicantInitials },
              { key: t.t('verify.birthYear'), value: String(result.facts.birthYear) },
            ]}
          />
          <p class="kern-body">
            {t.t(result.facts.continuedValidity ? 'receipt.continuedValidity' : 'receipt.received')}
          </p>
        </Alert>
      ) : null}
      {error ? <Alert kind="danger" title={error} live /> : null}
      <p class="kern-body">{t.t('verify.intro')}</p>
      <form class="site-form" method="get" action={href(page, '/verify')}>
        <div class="kern-form-input">
          <label class="kern-label" for="code">
            {t.t('verify.code')}
          </label>
          <input
            class="kern-form-input__input"
            type="text"
            id="code"
            name="code"
            value={code}
            maxLength={40}
            autocomplete="off"
            spellcheck={false}
            dir="ltr"
          />
        </div>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('verify.check')}</span>
        </button>
      </form>
    </Layout>
  );
}
