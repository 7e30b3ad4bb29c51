import { officeToday } from '../../platform/clock/office-time.js';
import { addDays } from '../../platform/clock/office-time.js';
import { parsePerson, type PersonError } from '../../platform/forms/person-form.js';
import { recordAudit } from '../../audit/record-audit.js';
import { createCase } from '../case-store.js';
import type { Context } from '../../platform/context.js';
import { randomToken, readableCode, tokenHash } from '../../platform/crypto.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { CaseDeps } from '../cases-deps.js';
import { parseAnswers, type QuestionError } from './application-questions.js';
import { draftByToken, missingDocuments } from './drafts.js';
import { RECEIPT_PDF, type CaseReceipt } from '../receipts/receipt-for-case.js';
import { shortCode, signReceipt } from '../receipts/receipt-signature.js';

export type SubmitResult =
  | { readonly ok: true; readonly reference: string; readonly statusToken: string }
  | { readonly ok: false; readonly reason: 'noDraft' }
  | {
      readonly ok: false;
      readonly reason: 'incomplete';
      readonly errors: readonly PersonError[];
      readonly questionErrors: readonly QuestionError[];
      readonly missing: readonly string[];
    };

export function statusLink(deps: Pick<CaseDeps, 'links'>, locale: Locale, token: string): string {
  return `${deps.links.base}/${locale}/status/${token}`;
}

/**
 * Submits a complete draft: a case with a reference number, the files moved to it, a receipt signed
 * by the server (Ed25519) with a short code to check it, and an e-mail in the person's language
 * with the status page's link and the receipt. The date and time of receipt is the moment of this
 * transaction. §81(4) AufenthG: an application for a residence title received before the current
 * one expires keeps the current one valid until the decision (Fiktionswirkung).
 */
export async function submitApplication(
  {
    token,
    locale,
    authority,
  }: { token: string | undefined; locale: Locale; authority: { slug: string; name: string } },
  ctx: Context,
  deps: CaseDeps,
): Promise<SubmitResult> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const draft = await draftByToken(tx, token, locale, true);
    if (!draft || draft.submittedCaseId) return { ok: false, reason: 'noDraft' };
    const now = Date.now();
    const today = officeToday(now);
    const parsed = parsePerson(draft.answers, today);
    const questions = parseAnswers(draft.service.questions, draft.answers.questions);
    const missing = missingDocuments(draft);
    if (!parsed.ok || !questions.ok || missing.length > 0) {
      return {
        ok: false,
        reason: 'incomplete',
        errors: parsed.ok ? [] : parsed.errors,
        questionErrors: questions.ok ? [] : questions.errors,
        missing,
      };
    }
    const person = parsed.person;
    const continuedValidity =
      draft.service.residenceTitle && person.permitExpiresOn !== null && today <= person.permitExpiresOn;
    const reference = `A-${readableCode(4)}-${readableCode(4)}`;
    const statusToken = randomToken();
    const { id: caseId, receivedAt } = await createCase(tx, {
      authorityId: ctx.authorityId,
      reference,
      serviceId: draft.service.id,
      locale: person.locale,
      firstName: person.firstName,
      lastName: person.lastName,
      birthDate: person.birthDate,
      email: person.email,
      permitExpiresOn: person.permitExpiresOn,
      // The questions' answers as checked (trimmed, ISO dates, option slugs), by slug.
      answers: { ...draft.answers, questions: questions.answers },
      continuedValidity,
      expectedDecisionOn: addDays(today, draft.service.processingDaysMax),
      statusTokenHash: tokenHash(statusToken),
    });
    await tx.query('UPDATE cases SET status_token_sealed = $2 WHERE id = $1', [
      caseId,
      deps.vault.seal(Buffer.from(statusToken), `status:${caseId}`),
    ]);
    await tx.query('UPDATE application_files SET case_id = $1, draft_id = NULL WHERE draft_id = $2', [
      caseId,
      draft.id,
    ]);
    // The draft's answers are now the case's: the draft keeps no personal data.
    await tx.query(`UPDATE application_drafts SET submitted_case_id = $1, answers = '{}' WHERE id = $2`, [
      caseId,
      draft.id,
    ]);
    const signed = signReceipt(
      {
        reference,
        receivedAt: receivedAt.toISOString(),
        serviceSlug: draft.service.slug,
        applicantInitials: initials(person.firstName, person.lastName),
        birthYear: Number(person.birthDate.slice(0, 4)),
        continuedValidity,
        authoritySlug: authority.slug,
      },
      deps.receiptKeys.privateKeyPem,
      deps.receiptKeys.keyId,
    );
    const code = shortCode(signed);
    await tx.query('INSERT INTO receipts (short_code, authority_id, case_id, token) VALUES ($1, $2, $3, $4)', [
      code,
      ctx.authorityId,
      caseId,
      signed,
    ]);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'case.submitted',
      objectType: 'case',
      objectId: caseId,
    });
    const receipt: CaseReceipt = {
      reference,
      receivedAt,
      serviceName: { de: draft.service.nameDe, applicant: draft.service.name },
      applicantName: `${person.firstName} ${person.lastName}`,
      authorityName: authority.name,
      continuedValidity,
      permitExpiresOn: person.permitExpiresOn,
      shortCode: code,
      locale: person.locale,
    };
    await sendReceipt(tx, ctx.authorityId, person.email, receipt, statusLink(deps, person.locale, statusToken));
    return { ok: true, reference, statusToken };
  });
}

/** "A. K.": enough to match the paper against an ID document, not enough to find anyone. */
export function initials(firstName: string, lastName: string): string {
  return [firstName, lastName].map((n) => `${[...n.trim()][0] ?? ''}.`).join(' ');
}

/** Queued with the case: it leaves after the commit; a submission that fails mails nothing. */
async function sendReceipt(tx: Tx, authorityId: string, to: string, receipt: CaseReceipt, link: string): Promise<void> {
  const t = translator(receipt.locale);
  await enqueueMail(tx, authorityId, {
    to,
    subject: t.t('mail.application.subject', { reference: receipt.reference }),
    text: t.t('mail.application.body', {
      service: receipt.serviceName.applicant,
      reference: receipt.reference,
      link,
      authority: receipt.authorityName,
    }),
    // Rendered by the outbox worker after the commit, not in this transaction.
    attachments: [
      {
        filename: `${receipt.reference}.pdf`,
        contentType: 'application/pdf',
        render: { renderer: RECEIPT_PDF, recipe: receipt },
      },
    ],
  });
}
