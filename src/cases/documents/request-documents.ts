import { applicationFacts } from '../../catalog/application-facts.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { addDays, isDay } from '../../platform/clock/office-time.js';
import type { Context } from '../../platform/context.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import { isLocale, type Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { CaseMailDeps } from '../case-mail-deps.js';
import { allowedCase } from '../case-policy.js';
import { applyAction } from '../case-store.js';
import type { RefusalReason } from '../case-state.js';
import { isUuid } from '../../platform/ids.js';

export const REQUEST_TEMPLATES = ['missing', 'unreadable', 'outdated'] as const;
export type RequestTemplate = (typeof REQUEST_TEMPLATES)[number];

/** The longest deadline a request may set, in days. */
const MAX_DAYS = 90;

export type RequestRefusal = RefusalReason | 'unknown' | 'noDocuments' | 'badDate' | 'badTemplate';

/** Deadline formats per language, made once: a formatter costs more to make than to use. */
const dueDateFormats = new Map<Locale, Intl.DateTimeFormat>();

function dueDate(locale: Locale, dueOn: string): string {
  let format = dueDateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long', calendar: 'gregory' });
    dueDateFormats.set(locale, format);
  }
  return format.format(new Date(`${dueOn}T00:00:00Z`));
}

/** The request's text in a language: a plain-language template, the documents, the deadline. */
export function requestText(
  locale: Locale,
  template: RequestTemplate,
  documents: readonly string[],
  dueOn: string,
): string {
  const t = translator(locale);
  const date = dueDate(locale, dueOn);
  return t.t(`case.request.${template}`, { documents: documents.join(', '), date });
}

/**
 * The caseworker asks for documents, with a deadline and a message built from a template in the
 * applicant's language; the case waits ("incomplete") and the applicant is e-mailed the status link,
 * where they upload.
 */
export async function requestDocuments(
  {
    caseId,
    documents,
    template,
    dueOn,
  }: { caseId: string; documents: readonly string[]; template: string; dueOn: string },
  ctx: Context,
  deps: CaseMailDeps,
): Promise<{ ok: true } | { ok: false; reason: RequestRefusal }> {
  const today = officeToday(Date.now());
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    // Only staff the policy lets work the case; asked before the form is checked, so that a
    // refusal and an unknown case look alike whatever was sent.
    const found = (await allowedCase(tx, ctx, caseId, 'cases.work')) && (await caseForMail(tx, caseId));
    if (!found) return { ok: false, reason: 'unknown' };
    if (!(REQUEST_TEMPLATES as readonly string[]).includes(template)) return { ok: false, reason: 'badTemplate' };
    if (!isDay(dueOn) || dueOn <= today || dueOn > addDays(today, MAX_DAYS)) return { ok: false, reason: 'badDate' };
    const service = await applicationFacts(tx, found.locale, { id: found.serviceId });
    const chosen = service?.documents.filter((d) => documents.includes(d.slug)) ?? [];
    if (chosen.length === 0) return { ok: false, reason: 'noDocuments' };
    const moved = await applyAction(tx, {
      authorityId: ctx.authorityId,
      caseId,
      action: { type: 'request_documents' },
      actor: ctx.actor,
    });
    if (!moved.ok) return moved;
    await tx.query(
      'INSERT INTO document_requests (authority_id, case_id, document_slugs, template, due_on, requested_by) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        ctx.authorityId,
        caseId,
        chosen.map((d) => d.slug),
        template,
        dueOn,
        ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      ],
    );
    const t = translator(found.locale);
    const link = `${deps.links.base}/${found.locale}/status/${deps.vault.open(found.sealedToken, `status:${caseId}`).toString()}`;
    await enqueueMail(tx, ctx.authorityId, {
      to: found.email,
      subject: t.t('mail.request.subject', { reference: found.reference }),
      text: t.t('mail.request.body', {
        reference: found.reference,
        request: requestText(
          found.locale,
          template as RequestTemplate,
          chosen.map((d) => d.name),
          dueOn,
        ),
        link,
      }),
    });
    return { ok: true };
  });
}

async function caseForMail(tx: Tx, caseId: string) {
  if (!isUuid(caseId)) return null;
  const { rows } = await tx.query<{
    reference: string;
    email: string;
    locale: string;
    service_id: string;
    status_token_sealed: Buffer | null;
  }>('SELECT reference, email, locale, service_id, status_token_sealed FROM cases WHERE id = $1', [caseId]);
  const row = rows[0];
  if (!row?.status_token_sealed) return null;
  return {
    reference: row.reference,
    email: row.email,
    locale: isLocale(row.locale) ? row.locale : ('de' as Locale),
    serviceId: row.service_id,
    sealedToken: row.status_token_sealed,
  };
}
