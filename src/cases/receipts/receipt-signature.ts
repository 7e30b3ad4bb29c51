/**
 * The signed token behind an application receipt (Eingangsbestätigung), and the short code
 * printed on it.
 *
 * An applicant who applied online shows the printed receipt to an employer or a police officer
 * to prove that the application was received, and when. Anyone can check it: the QR code on the
 * paper, or the short code typed into the verification page, brings up what the office signed.
 *
 * Three different things, kept apart on purpose:
 * - the **signature** (Ed25519 over the receipt's facts) is what proves that the office issued
 *   the receipt with exactly these facts. Nothing else is trusted: a valid short code or a record
 *   found in the database proves nothing by itself;
 * - the **short code** is only a lookup key: ten characters derived from the token, short enough
 *   to type from paper. The server stores each token under its short code; the verification page
 *   fetches the token by the code and then verifies the token's signature;
 * - the **key id** says which key signed a token, so keys can be rotated: a new key signs new
 *   receipts, the old public keys stay in the verifier's map for as long as receipts signed with
 *   them must remain checkable (and are removed to revoke them, e.g. after a key leak).
 *
 * Data minimisation (Art. 5(1)(c) GDPR): the facts hold only what the printed receipt already
 * shows the person checking it, reduced further where possible: initials instead of the name,
 * a birth year instead of the date of birth, slugs instead of texts. The verification page shows
 * exactly these facts and nothing more: it must confirm that the paper in front of the checker
 * is genuine, not tell a stranger who has the short code (or found the paper) anything about the
 * applicant the paper did not already say. The facts are readable by anyone holding the token
 * (signed, not encrypted), which is one more reason they must not hold more.
 *
 * Token format, all ASCII: `r1.<keyId>.<payload>.<signature>`, where `payload` is the base64url
 * of the canonical JSON of the facts (fixed key order, no whitespace) and `signature` the
 * base64url of the Ed25519 signature over `r1.<keyId>.<payload>`, so the version and the key id
 * are signed along with the facts.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export interface ReceiptFacts {
  /** The application's reference as printed, e.g. "A-7K3M-9QXD". */
  readonly reference: string;
  /** When the application was received, ISO 8601 in UTC: `2026-03-02T08:30:00Z` (milliseconds allowed). */
  readonly receivedAt: string;
  readonly serviceSlug: string;
  /** E.g. "A. K.": enough to match the paper against an ID document, not enough to identify anyone. */
  readonly applicantInitials: string;
  readonly birthYear: number;
  /** § 81 Abs. 4 AufenthG applies: the application for an extension arrived before the permit expired. */
  readonly continuedValidity: boolean;
  readonly authoritySlug: string;
}

export interface ReceiptKeys {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** First 16 hex digits of the SHA-256 of the raw (32-byte) public key. */
  readonly keyId: string;
}

export type ReceiptVerification =
  | { readonly ok: true; readonly facts: ReceiptFacts; readonly keyId: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknownKey' | 'badSignature' };

const VERSION = 'r1';
const KEY_ID = /^[0-9a-f]{16}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Far more than any receipt needs; stops a verification page from decoding megabytes. */
const MAX_TOKEN_LENGTH = 2048;
const SIGNATURE_BYTES = 64;

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Printable, no line breaks or controls: these strings are shown on a web page and on paper. */
const PRINTABLE = /^[^\p{C}]+$/u;

// ————————————————————————————————————————————— keys —————————————————————————————————————————————

function rawPublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('receipt keys must be Ed25519 keys');
  const { x } = key.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new TypeError('not an Ed25519 public key');
  return Buffer.from(x, 'base64url');
}

/** The key id of a public key (PEM, SPKI): for building the verifier's map from configured keys. */
export function receiptKeyId(publicKeyPem: string): string {
  return createHash('sha256')
    .update(rawPublicKey(createPublicKey(publicKeyPem)))
    .digest('hex')
    .slice(0, 16);
}

/** A fresh Ed25519 key pair for signing receipts, as PEM (PKCS #8 and SPKI). */
export function newReceiptKeys(): ReceiptKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem,
    keyId: receiptKeyId(publicKeyPem),
  };
}

// ————————————————————————————————————————————— facts —————————————————————————————————————————————

/** Why the facts are not fit to sign, or null. The verifier applies the same rules to what it decodes. */
function problemWith(facts: ReceiptFacts): string | null {
  const strings: [keyof ReceiptFacts, number][] = [
    ['reference', 64],
    ['applicantInitials', 32],
    ['serviceSlug', 80],
    ['authoritySlug', 80],
  ];
  for (const [name, max] of strings) {
    const value = facts[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > max || !PRINTABLE.test(value))
      return `${name} must be printable text of 1 to ${max} characters`;
    if (value !== value.trim()) return `${name} must not start or end with spaces`;
  }
  if (!SLUG.test(facts.serviceSlug)) return 'serviceSlug must be a slug';
  if (!SLUG.test(facts.authoritySlug)) return 'authoritySlug must be a slug';
  if (typeof facts.receivedAt !== 'string' || !isIsoUtc(facts.receivedAt))
    return 'receivedAt must be an ISO 8601 UTC date-time such as 2026-03-02T08:30:00Z';
  if (!Number.isSafeInteger(facts.birthYear) || facts.birthYear < 1900 || facts.birthYear > 2999)
    return 'birthYear must be a four-digit year';
  if (typeof facts.continuedValidity !== 'boolean') return 'continuedValidity must be a boolean';
  return null;
}

function isIsoUtc(value: string): boolean {
  const match = ISO_UTC.exec(value);
  if (!match) return false;
  const date = new Date(value);
  // Round trip through Date: refuses 2026-02-30 and 24:00, which the pattern lets through.
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
}

/**
 * The facts as the exact bytes that are signed: JSON with the keys in this fixed order and no
 * whitespace. JSON.stringify of a literal keeps insertion order and writes strings and numbers one
 * way only, so the same facts always give the same text (and, Ed25519 being deterministic, the same
 * token and short code).
 */
function canonicalJson(facts: ReceiptFacts): string {
  return JSON.stringify({
    reference: facts.reference,
    receivedAt: facts.receivedAt,
    serviceSlug: facts.serviceSlug,
    applicantInitials: facts.applicantInitials,
    birthYear: facts.birthYear,
    continuedValidity: facts.continuedValidity,
    authoritySlug: facts.authoritySlug,
  });
}

// ——————————————————————————————————————————— tokens ———————————————————————————————————————————

/** Signs the facts; throws if they are not fit to print and verify, or if the key id is not the key's. */
export function signReceipt(facts: ReceiptFacts, privateKeyPem: string, keyId: string): string {
  const problem = problemWith(facts);
  if (problem) throw new RangeError(`receipt facts: ${problem}`);
  const privateKey = createPrivateKey(privateKeyPem);
  if (receiptKeyId(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()) !== keyId) {
    // A mismatch would issue receipts that no verifier can check: better to fail loudly now.
    throw new RangeError('the key id does not belong to this private key');
  }
  const signed = `${VERSION}.${keyId}.${Buffer.from(canonicalJson(facts), 'utf8').toString('base64url')}`;
  return `${signed}.${sign(null, Buffer.from(signed, 'ascii'), privateKey).toString('base64url')}`;
}

/** base64url without padding, refusing what Node's lenient decoder would accept (stray characters, dangling bits). */
function strictBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function parseFacts(json: string): ReceiptFacts | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const facts = value as ReceiptFacts;
  if (problemWith(facts) !== null) return null;
  // Only the canonical text of valid facts, so no extra fields and no second spelling of the same receipt.
  return canonicalJson(facts) === json ? facts : null;
}

/**
 * Checks a token against the known public keys (PEM, SPKI) by key id. Never throws for any token
 * string; a configured key that is not an Ed25519 public key is a configuration error and throws.
 * The facts come back only with a valid signature: nothing of an unverified token is interpreted.
 */
export function verifyReceipt(token: string, publicKeysById: ReadonlyMap<string, string>): ReceiptVerification {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'malformed' };
  const [version = '', keyId = '', payload = '', signatureText = ''] = parts;
  const signature = strictBase64url(signatureText);
  if (
    version !== VERSION ||
    !KEY_ID.test(keyId) ||
    !strictBase64url(payload) ||
    signature?.length !== SIGNATURE_BYTES
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const publicKeyPem = publicKeysById.get(keyId);
  if (publicKeyPem === undefined) return { ok: false, reason: 'unknownKey' };
  const publicKey = createPublicKey(publicKeyPem);
  rawPublicKey(publicKey); // throws unless Ed25519
  if (!verify(null, Buffer.from(`${VERSION}.${keyId}.${payload}`, 'ascii'), publicKey, signature))
    return { ok: false, reason: 'badSignature' };
  // Signed by our key yet not valid facts: only a signer bug could do this; never shown.
  const facts = parseFacts(Buffer.from(payload, 'base64url').toString('utf8'));
  return facts ? { ok: true, facts, keyId } : { ok: false, reason: 'malformed' };
}

// ————————————————————————————————————————— short codes —————————————————————————————————————————

/** Crockford's base32: digits and capitals without I, L, O and U. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHORT_CODE_LENGTH = 10;
/** Separators people type or that copy-paste brings along: spaces, hyphens, dashes, the minus sign. */
const SEPARATORS = /[\s\u002D\u2010-\u2015\u2212]/gu;
/** After upper-casing; İ is what a Turkish keyboard gives for a capital i. */
const TYPO: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1', İ: '1' };

function grouped(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The code printed under the QR code, to type from paper: `XXXXX-XXXXX`, the first 50 bits of
 * the SHA-256 of the token in Crockford base32. A lookup key, not a secret and not a proof: the
 * server keeps the token under this code (a unique column: on the rare collision, about 1 in 2^50
 * per pair, the second receipt must be refused or re-issued) and verifies the token it finds.
 * Guessing codes only finds receipts, which show no more than their paper does.
 */
export function shortCode(token: string): string {
  const digest = createHash('sha256').update(token, 'utf8').digest();
  // The first 48 bits and the top 2 of the next byte: 50 bits, well within a double's 53.
  let bits = digest.readUIntBE(0, 6) * 4 + ((digest[6] ?? 0) >> 6);
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) {
    code = CROCKFORD[bits % 32] + code;
    bits = Math.floor(bits / 32);
  }
  return grouped(code);
}

/**
 * What someone typed, as the short code it means, or null: case, spaces and the dash do not
 * matter, and the letters O, I and L read as the digits 0, 1 and 1 (Crockford's rule).
 */
export function normaliseShortCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const chars = [...input.replace(SEPARATORS, '').toUpperCase()].map((char) => TYPO[char] ?? char);
  if (chars.length !== SHORT_CODE_LENGTH || !chars.every((char) => CROCKFORD.includes(char))) return null;
  return grouped(chars.join(''));
}
