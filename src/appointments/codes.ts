import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { tokenHash } from '../platform/crypto.js';

// Letters and digits that cannot be mistaken for one another when read aloud or typed (no 0/O, 1/I/L).
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomText(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

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

/** Folds what people type differently for the same name: case, accents, spacing, hyphens. */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\-'’.]+/g, ' ').trim();
}

/**
 * The key that binds a booking to a person: HMAC of the normalised names and the date of birth
 * under a secret, so that the database can enforce "one open appointment per person and service"
 * without a readable index of people.
 */
export function identityKey(secret: Buffer, person: { firstName: string; lastName: string; birthDate: string }): Buffer {
  return createHmac('sha256', secret).update(`${normaliseName(person.firstName)}|${normaliseName(person.lastName)}|${person.birthDate}`).digest();
}

/** The same address written in another case is the same mailbox in practice. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
