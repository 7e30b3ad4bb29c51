import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { translator } from '../../platform/i18n/translator.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { CaseDeps } from '../cases-deps.js';
import { receiptPdf, type ReceiptLabels } from './receipt-document.js';

export interface CaseReceipt {
  readonly reference: string;
  readonly receivedAt: Date;
  readonly serviceName: { de: string; applicant: string };
  readonly applicantName: string;
  readonly authorityName: string;
  readonly continuedValidity: boolean;
  readonly permitExpiresOn: string | null;
  readonly shortCode: string;
  readonly locale: Locale;
}

/** The public page on which anyone can check a receipt by its short code (the QR code's content). */
export function verifyUrl(deps: Pick<CaseDeps, 'links'>, shortCode: string): string {
  return `${deps.links.base}/de/verify/${shortCode}`;
}

function labels(locale: Locale, url: string): ReceiptLabels {
  const t = translator(locale);
  return {
    title: t.t('receipt.title'),
    name: t.t('receipt.name'),
    reference: t.t('receipt.reference'),
    receivedAt: t.t('receipt.receivedAt'),
    service: t.t('receipt.service'),
    permitExpiresOn: t.t('receipt.permitExpiresOn'),
    received: t.t('receipt.received'),
    continuedValidity: t.t('receipt.continuedValidity'),
    translationNote: t.t('receipt.translationNote'),
    verifyHeading: t.t('receipt.verifyHeading'),
    shortCode: t.t('receipt.shortCode'),
    verifyAt: t.t('receipt.verifyAt', { verifyUrl: url }),
  };
}

/** The receipt PDF of a case: German and the applicant's language, with the QR code to check it. */
export function caseReceiptPdf(deps: Pick<CaseDeps, 'links'>, receipt: CaseReceipt): Promise<Uint8Array> {
  const url = verifyUrl(deps, receipt.shortCode);
  return receiptPdf({
    reference: receipt.reference,
    receivedAt: receipt.receivedAt,
    timeZone: OFFICE_TIME_ZONE,
    serviceName: receipt.serviceName,
    applicantName: receipt.applicantName,
    authorityName: receipt.authorityName,
    continuedValidity: receipt.continuedValidity,
    permitExpiresOn: receipt.permitExpiresOn,
    shortCode: receipt.shortCode,
    verifyUrl: url,
    labels: { de: labels('de', url), applicant: labels(receipt.locale, url) },
    applicantLocale: receipt.locale,
  });
}

/** The outbox's name for the receipt PDF's renderer (registered at the composition root). */
export const RECEIPT_PDF = 'application-receipt-pdf';

/**
 * Renders the receipt PDF from the receipt queued with the mail (as JSON), when the outbox sends
 * it, outside the submission's transaction.
 */
export function renderReceiptPdf(deps: Pick<CaseDeps, 'links'>, recipe: unknown): Promise<Uint8Array> {
  const receipt = recipe as Omit<CaseReceipt, 'receivedAt'> & { receivedAt: string };
  return caseReceiptPdf(deps, { ...receipt, receivedAt: new Date(receipt.receivedAt) });
}
