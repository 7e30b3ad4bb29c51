import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  randomInt,
} from 'node:crypto';

/** A key of its own for one purpose, derived from the installation key, so that none can stand in for another. */
export function derivedKey(installationKeyBase64: string, purpose: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(installationKeyBase64, 'base64'), Buffer.alloc(0), `willkommen ${purpose}`, 32),
  );
}

// PKCS#8 wrapping of a raw Ed25519 private key (RFC 8410): a fixed prefix, then the 32-byte seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An Ed25519 signing key of its own for one purpose, derived from the installation key (HKDF seed):
 * no second secret to keep, and the same key on every instance of an installation.
 */
export function derivedSigningKey(installationKeyBase64: string, purpose: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, derivedKey(installationKeyBase64, purpose)]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** A random token for links and cookies (32 bytes, URL-safe). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

// Letters and digits that cannot be mistaken for one another when read aloud or typed (no 0/O, 1/I/L).
const READABLE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code people read and type (references, check-in codes). */
export function readableCode(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += READABLE[randomInt(READABLE.length)];
  return text;
}

/** What is stored of a token: its SHA-256 (a token is random, so no salt or slow hash is needed). */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Seals small secrets (TOTP) with AES-256-GCM under the installation key: `v1.iv.tag.ciphertext`. */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function sealer(keyBase64: string): Sealer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the installation key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
