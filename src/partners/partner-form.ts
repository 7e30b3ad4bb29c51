/**
 * The directory admin's form (/staff/partners): the fields as typed, checked into what the
 * directory stores. Pure: the same fields always give the same result, and every refusal names its
 * field, so the form comes back with everything typed and the error beside the field.
 */
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import { LOCALES, type Locale } from '../platform/i18n/locales.js';
import { isPartnerKind, type PartnerKind } from './partner-kinds.js';
import { isTiming, type Timing } from './timing.js';

export type FormValues = Readonly<Record<string, string>>;

export interface FormError {
  readonly field: string;
  readonly message: StaffMessageKey;
}

export interface OfferInput {
  readonly key: string;
  /** German always; other languages where given (the public pages show German where one is missing). */
  readonly titles: Partial<Record<Locale, string>>;
}

export interface PartnerInput {
  readonly slug: string;
  readonly kind: PartnerKind;
  readonly name: string;
  readonly languages: readonly string[];
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  readonly phone: string;
  readonly email: string;
  readonly website: string;
  readonly takesReferrals: boolean;
  readonly texts: Partial<Record<Locale, { summary: string; hours: string }>>;
  readonly offers: readonly OfferInput[];
  readonly services: readonly { serviceId: string; timing: Timing }[];
}

export type ParsedForm = { ok: true; input: PartnerInput } | { ok: false; errors: FormError[] };

/** How many offer rows the form has: the existing ones and this many empty ones for new offers. */
export const NEW_OFFER_ROWS = 2;
export const MAX_OFFERS = 10;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()/-]*$/;

/** A key for a new offer from its German title: ASCII, lowercase, hyphens ("Beratung für Familien" → "beratung-fuer-familien"). */
export function offerKey(title: string): string {
  const folded = title
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return folded || 'angebot';
}

const field = (values: FormValues, name: string) => (values[name] ?? '').trim();

function checkLength(errors: FormError[], name: string, value: string, max: number): void {
  if (value.length > max) errors.push({ field: name, message: 'partners.error.tooLong' });
}

function parseOrganisation(values: FormValues, errors: FormError[]) {
  const slug = field(values, 'slug');
  const kind = field(values, 'kind');
  const name = field(values, 'name');
  const languages = field(values, 'languages')
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean);
  const org = {
    slug,
    name,
    languages: [...new Set(languages)],
    street: field(values, 'street'),
    postalCode: field(values, 'postalCode'),
    city: field(values, 'city'),
    phone: field(values, 'phone'),
    email: field(values, 'email'),
    website: field(values, 'website'),
    takesReferrals: values.takesReferrals === 'yes',
  };
  if (!SLUG.test(slug) || slug.length > 80) errors.push({ field: 'slug', message: 'partners.error.slug' });
  if (!isPartnerKind(kind)) errors.push({ field: 'kind', message: 'partners.error.kind' });
  if (name === '') errors.push({ field: 'name', message: 'partners.error.name' });
  checkLength(errors, 'name', name, 200);
  if (languages.some((l) => !/^[a-z]{2}$/.test(l)) || languages.length > 30)
    errors.push({ field: 'languages', message: 'partners.error.languages' });
  checkLength(errors, 'street', org.street, 200);
  if (!/^([0-9]{5})?$/.test(org.postalCode)) errors.push({ field: 'postalCode', message: 'partners.error.postalCode' });
  checkLength(errors, 'city', org.city, 100);
  if (org.phone !== '' && (!PHONE.test(org.phone) || org.phone.length > 50))
    errors.push({ field: 'phone', message: 'partners.error.phone' });
  if (org.email !== '' && (!EMAIL.test(org.email) || org.email.length > 254))
    errors.push({ field: 'email', message: 'partners.error.email' });
  if (org.website !== '' && (!/^https:\/\/[^\s]+$/.test(org.website) || org.website.length > 300))
    errors.push({ field: 'website', message: 'partners.error.website' });
  return { ...org, kind: kind as PartnerKind };
}

function parseTexts(values: FormValues, errors: FormError[]): PartnerInput['texts'] {
  const texts: Partial<Record<Locale, { summary: string; hours: string }>> = {};
  for (const locale of LOCALES) {
    const summary = field(values, `summary.${locale}`);
    const hours = field(values, `hours.${locale}`);
    checkLength(errors, `summary.${locale}`, summary, 1000);
    checkLength(errors, `hours.${locale}`, hours, 500);
    if (summary !== '') texts[locale] = { summary, hours };
    else if (locale === 'de') errors.push({ field: 'summary.de', message: 'partners.error.summaryDe' });
    else if (hours !== '') errors.push({ field: `summary.${locale}`, message: 'partners.error.summaryMissing' });
  }
  return texts;
}

/** The offer rows: a row with no title in any language is no offer (that is how an offer is removed). */
function parseOffers(values: FormValues, errors: FormError[]): OfferInput[] {
  const offers: OfferInput[] = [];
  const keys = new Set<string>();
  for (let row = 0; row < MAX_OFFERS + NEW_OFFER_ROWS; row += 1) {
    const titles: Partial<Record<Locale, string>> = {};
    for (const locale of LOCALES) {
      const title = field(values, `offer.${row}.title.${locale}`);
      checkLength(errors, `offer.${row}.title.${locale}`, title, 200);
      if (title !== '') titles[locale] = title;
    }
    if (Object.keys(titles).length === 0) continue;
    if (!titles.de) {
      errors.push({ field: `offer.${row}.title.de`, message: 'partners.error.offerTitleDe' });
      continue;
    }
    const given = field(values, `offer.${row}.key`);
    let key = SLUG.test(given) && given.length <= 80 ? given : offerKey(titles.de);
    for (let n = 2; keys.has(key); n += 1) key = `${offerKey(titles.de)}-${n}`;
    keys.add(key);
    offers.push({ key, titles });
  }
  if (offers.length > MAX_OFFERS) errors.push({ field: 'offer.0.title.de', message: 'partners.error.tooManyOffers' });
  return offers;
}

function parseServices(values: FormValues, serviceIds: readonly string[], errors: FormError[]) {
  const services: { serviceId: string; timing: Timing }[] = [];
  for (const serviceId of serviceIds) {
    const timing = field(values, `service.${serviceId}`);
    if (timing === '') continue;
    if (isTiming(timing)) services.push({ serviceId, timing });
    else errors.push({ field: `service.${serviceId}`, message: 'partners.error.timing' });
  }
  return services;
}

/** Checks the form against the directory's rules; `serviceIds` are the authority's services (others are ignored). */
export function parsePartnerForm(values: FormValues, serviceIds: readonly string[]): ParsedForm {
  const errors: FormError[] = [];
  const organisation = parseOrganisation(values, errors);
  const texts = parseTexts(values, errors);
  const offers = parseOffers(values, errors);
  const services = parseServices(values, serviceIds, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, input: { ...organisation, texts, offers, services } };
}
