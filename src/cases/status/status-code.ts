import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** A code is good for 15 minutes: long enough to switch to the mailbox and back. */
export const CODE_MINUTES = 15;
/** Five wrong tries and the code is void: one in 200,000 chances per code to guess it. */
export const MAX_WRONG_CODES = 5;
/** At most three codes per address and hour: nobody can flood someone else's mailbox with codes. */
export const CODES_PER_ADDRESS_HOUR = 3;
/** A sign-in lasts 30 minutes, on a shared computer too. */
export const SESSION_MINUTES = 30;

/** The address as cases are looked up by it: `lower(email)`, without the spaces a phone adds. */
export function addressOf(email: string): string {
  return email.trim().toLowerCase();
}

/** Six random digits (crypto random), as people read them from a mail and type them. */
export function newStatusCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

// Eastern Arabic (Arabic) and extended Arabic-Indic (Persian) digits, as phones in those languages type them.
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** The code as typed, in any digits and with spaces or hyphens, or null when it cannot be one. */
export function typedCode(raw: string): string | null {
  const digits = raw.replace(EASTERN_DIGITS, (d) => String(d.charCodeAt(0) & 0xf)).replace(/[\s\-\u00a0]/g, '');
  return /^[0-9]{6}$/.test(digits) ? digits : null;
}

/** What is stored of an address a code went to: keyed, so a backup does not list who asked. */
export function addressHash(key: Buffer, address: string): Buffer {
  return createHmac('sha256', key).update(`address\n${address}`).digest();
}

/**
 * What is stored of a code: keyed and bound to its address. A six-digit code hashed without a key
 * would be found from a copy of the table in a millisecond; with the key it cannot be.
 */
export function codeHash(key: Buffer, address: string, code: string): Buffer {
  return createHmac('sha256', key).update(`code\n${address}\n${code}`).digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
