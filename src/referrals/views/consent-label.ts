import type { StaffTranslator } from '../../platform/i18n/staff-translator.js';
import type { ConsentState } from '../referral-store.js';

/** The consent state in the staff's words. */
export function consentLabel(t: StaffTranslator, consent: ConsentState): string {
  if (consent.kind === 'valid')
    return t.t('referrals.consent.valid', { given: t.dateTime(consent.givenAt), until: t.dateTime(consent.expiresAt) });
  if (consent.kind === 'withdrawn') return t.t('referrals.consent.withdrawn', { date: t.dateTime(consent.at) });
  if (consent.kind === 'expired') return t.t('referrals.consent.expired', { date: t.dateTime(consent.at) });
  return t.t('referrals.consent.none');
}
