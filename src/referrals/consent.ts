/**
 * The consent to a referral, as pure rules: which data categories exist, which legal basis they
 * need, how long a consent lasts, and when one is valid. The database's policy `partner_consent`
 * (migrations/025_referrals.sql) applies the same rule to every partner query; consent.test.ts
 * and test/referrals-rls.test.ts check that both agree.
 */

/** The data a caseworker can choose to send along, field by field. */
export const CATEGORIES = ['name', 'birth_date', 'email', 'phone', 'nationality', 'residence', 'documents'] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** A consent lasts this long unless withdrawn before (GDPR Art. 7(3): withdrawal at any time). */
export const CONSENT_DAYS = 90;
const DAY_MS = 86_400_000;

export type LegalBasis = 'GDPR Art. 6(1)(a)' | 'GDPR Art. 9(2)(a)';

/**
 * Documents (medical certificates, proofs of persecution) can hold special categories of personal
 * data (Art. 9(1) GDPR): sending them needs explicit consent under Art. 9(2)(a) as well.
 */
export function legalBasisFor(categories: readonly Category[]): LegalBasis[] {
  return categories.includes('documents') ? ['GDPR Art. 6(1)(a)', 'GDPR Art. 9(2)(a)'] : ['GDPR Art. 6(1)(a)'];
}

export function expiryOf(givenAt: Date, days = CONSENT_DAYS): Date {
  return new Date(givenAt.getTime() + days * DAY_MS);
}

/** One consent record: given, expiring, and perhaps ended (withdrawn) at some time. */
export interface ConsentSpan {
  readonly givenAt: Date;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
}

/** Whether one consent covers the instant `at`: given, not yet expired, not yet ended. */
export function consentCovers(consent: ConsentSpan, at: Date): boolean {
  const t = at.getTime();
  return (
    consent.givenAt.getTime() <= t &&
    t < consent.expiresAt.getTime() &&
    (consent.endedAt === null || t < consent.endedAt.getTime())
  );
}

/** Whether a partner may read the referral at `at`: some consent of it covers that instant. */
export function consentValidAt(consents: readonly ConsentSpan[], at: Date): boolean {
  return consents.some((consent) => consentCovers(consent, at));
}

/** What happens to a referral's consent over time (the person's acts; expiry is a consent's own date). */
export type ConsentEvent =
  | { readonly kind: 'consent'; readonly at: Date; readonly days: number }
  | { readonly kind: 'withdraw'; readonly at: Date };

/**
 * The records a sequence of events leaves (in time order): a consent adds a record; a withdrawal
 * ends every record still covering its instant (ending is a new fact, the record itself unchanged).
 */
export function consentRecords(events: readonly ConsentEvent[]): ConsentSpan[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const records: { givenAt: Date; expiresAt: Date; endedAt: Date | null }[] = [];
  for (const event of sorted) {
    if (event.kind === 'consent') {
      records.push({ givenAt: event.at, expiresAt: expiryOf(event.at, event.days), endedAt: null });
    } else {
      for (const record of records) if (consentCovers(record, event.at)) record.endedAt = event.at;
    }
  }
  return records;
}
