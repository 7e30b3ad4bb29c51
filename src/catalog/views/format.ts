import type { Translator } from '../../platform/i18n/translator.js';
import type { ServiceSummary } from '../service.js';

export function feeText(t: Translator, service: Pick<ServiceSummary, 'feeCents' | 'feeMaxCents'>): string {
  const { feeCents, feeMaxCents } = service;
  if (feeMaxCents !== null && feeMaxCents !== feeCents) {
    return t.t('service.feeRange', { from: t.money(feeCents), to: t.money(feeMaxCents) });
  }
  return feeCents === 0 ? t.t('service.free') : t.money(feeCents);
}

export function processingText(t: Translator, days: { min: number; max: number }): string {
  if (days.max === 0) return t.t('service.processingAtCounter');
  if (days.min === days.max) return t.t('service.processingDays', { days: days.max, shown: t.number(days.max) });
  return t.t('service.processingRange', { min: t.number(days.min), max: t.number(days.max) });
}

export function minutesText(t: Translator, minutes: number): string {
  return t.t('service.minutes', { minutes, shown: t.number(minutes) });
}
