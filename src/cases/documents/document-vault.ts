import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of uploaded documents (passports, payslips): whoever reads the database or a
 * backup without the key learns nothing but the sizes. AES-256-GCM, because it also detects any
 * change: a document that opens is exactly the one sealed.
 *
 * Format: version (1 byte, 1) ‖ IV (12 bytes) ‖ tag (16 bytes) ‖ ciphertext. The version byte
 * leaves room for a new key or algorithm later without guessing what an old row holds.
 *
 * The IV is 96 random bits, fresh per document. With random IVs one key should seal at most 2^32
 * documents (NIST SP 800-38D), far beyond what one office uploads; a new key then needs a new
 * version byte.
 *
 * The associated data (the document's id) is authenticated but not stored: a sealed document
 * copied into another row does not open there, so rows cannot be swapped without the key.
 */
export interface DocumentVault {
  seal(plain: Uint8Array, associatedData: string): Buffer;
  open(sealed: Uint8Array, associatedData: string): Buffer;
}

const VERSION = 1;
const KEY_LENGTH = 32;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + IV_LENGTH + TAG_LENGTH;

/** The key comes from configuration (32 random bytes, base64): checked here, so a wrong one fails at start. */
export function documentVault(keyBase64: string): DocumentVault {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== KEY_LENGTH) throw new Error('the document key must be 32 bytes, base64-encoded');
  return {
    seal: (plain, associatedData) => seal(key, plain, aad(associatedData)),
    open: (sealed, associatedData) => open(key, sealed, aad(associatedData)),
  };
}

/** Empty associated data would bind nothing: refused, so no caller forgets to bind the row. */
function aad(associatedData: string): Buffer {
  if (associatedData === '') throw new Error('a document must be sealed with associated data (its id)');
  return Buffer.from(associatedData, 'utf8');
}

function seal(key: Buffer, plain: Uint8Array, associatedData: Buffer): Buffer {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Uint8Array, associatedData: Buffer): Buffer {
  if (sealed.length < HEADER_LENGTH)
    throw new Error(`sealed document is too short (${sealed.length} bytes, at least ${HEADER_LENGTH} expected)`);
  if (sealed[0] !== VERSION) throw new Error(`sealed document has unknown format version ${sealed[0]}`);
  const iv = sealed.subarray(1, 1 + IV_LENGTH);
  const tag = sealed.subarray(1 + IV_LENGTH, HEADER_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(tag);
  const body = decipher.update(sealed.subarray(HEADER_LENGTH));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch (cause) {
    // GCM cannot tell which of these it was; nothing of the unauthenticated plaintext is returned.
    throw new Error('sealed document could not be opened: wrong key, wrong associated data, or altered content', {
      cause,
    });
  }
}
