import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { readableCode, tokenHash } from '../platform/crypto.js';

const randomText = readableCode;

/** The booking reference people quote: `T-7K3M-9QXD`. */
export function newReference(): string {
  return `T-${randomText(4)}-${randomText(4)}`;
}

/** What the kiosk accepts typed or scanned at check-in. */
export function newCheckInCode(): string {
  return randomText(8);
}

/** The public pseudonym of a draw registration: `R-4F7K2Q`. */
export function newPseudonym(): string {
  return `R-${randomText(6)}`;
}

/** The six-digit code sent by e-mail to confirm a booking or a registration. */
export function newConfirmationCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

export function codeMatches(stored: Buffer | null, typed: string): boolean {
  if (!stored) return false;
  const hash = tokenHash(typed.replace(/\s/g, ''));
  return hash.length === stored.length && timingSafeEqual(hash, stored);
}

// German transliteration as passports write it in the machine-readable zone (Müller → MUELLER).
const GERMAN = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' } as const;

/** Folds what people type differently for the same name: case, umlauts, accents, spacing, hyphens. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => GERMAN[c as keyof typeof GERMAN])
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\-'’.]+/g, ' ')
    .trim();
}

/**
 * The key that binds a booking to a person: HMAC of the normalised names and the date of birth
 * under a secret, so that the database can enforce "one open appointment per person and service"
 * without a readable index of people.
 */
export function identityKey(
  secret: Buffer,
  person: { firstName: string; lastName: string; birthDate: string },
): Buffer {
  return createHmac('sha256', secret)
    .update(`${normaliseName(person.firstName)}|${normaliseName(person.lastName)}|${person.birthDate}`)
    .digest();
}

/**
 * One mailbox, however written: case, and the `+tag` sub-addresses most providers deliver to the
 * same inbox (`name+1@…`, `name+2@…`), which would otherwise let one person book once per tag.
 */
export function emailKey(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1) return lower;
  return `${lower.slice(0, at).replace(/\+.*$/, '')}${lower.slice(at)}`;
}
