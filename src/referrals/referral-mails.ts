import type { Mail } from '../platform/mail/mailer.js';
import { isLocale, type Locale } from '../platform/i18n/locales.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';
import { translator } from '../platform/i18n/translator.js';
import { type Category, CONSENT_DAYS, type LegalBasis } from './consent.js';

const localeOf = (value: string): Locale => (isLocale(value) ? value : 'de');

function categoryList(locale: Locale, categories: readonly Category[]): string {
  const t = translator(locale);
  return categories.map((c) => `- ${t.t(`referrals.category.${c}`)}`).join('\n');
}

/** The request for consent, in the person's language: who receives what, for what, how long, how to withdraw. */
export function consentRequestMail(options: {
  to: string;
  locale: string;
  link: string;
  partner: string;
  purpose: string;
  authority: string;
  categories: readonly Category[];
}): Mail {
  const locale = localeOf(options.locale);
  const t = translator(locale);
  return {
    to: options.to,
    subject: t.t('referrals.mail.request.subject', { partner: options.partner }),
    text: t.t('referrals.mail.request.text', {
      authority: options.authority,
      partner: options.partner,
      purpose: options.purpose,
      data: categoryList(locale, options.categories),
      days: CONSENT_DAYS,
      link: options.link,
    }),
  };
}

/** The consent receipt (ISO/IEC TS 27560 / Kantara in substance), in the person's language. */
export function consentReceiptMail(options: {
  to: string;
  locale: string;
  consentId: string;
  controller: string;
  partner: string;
  purpose: string;
  categories: readonly Category[];
  legalBasis: readonly LegalBasis[];
  method: string;
  givenAt: Date;
  expiresAt: Date;
  link: string | null;
}): Mail {
  const locale = localeOf(options.locale);
  const t = translator(locale);
  return {
    to: options.to,
    subject: t.t('referrals.mail.receipt.subject', { partner: options.partner }),
    text: t.t('referrals.mail.receipt.text', {
      id: options.consentId,
      controller: options.controller,
      partner: options.partner,
      purpose: options.purpose,
      data: categoryList(locale, options.categories),
      basis: options.legalBasis.join(', '),
      method: t.t(`referrals.method.${options.method as 'mail_link'}`),
      given: t.date(options.givenAt),
      until: t.date(options.expiresAt),
      link: options.link ?? '',
    }),
  };
}

/** The partner is told that a consent was withdrawn (German: the partners' working language). */
export function withdrawalNoticeMail(options: { to: string; partner: string; referralId: string }): Mail {
  const t = staffTranslator('de');
  return {
    to: options.to,
    subject: t.t('referrals.mail.withdrawn.subject'),
    text: t.t('referrals.mail.withdrawn.text', { partner: options.partner, reference: options.referralId.slice(0, 8) }),
  };
}
