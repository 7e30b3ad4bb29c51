import { createPublicKey } from 'node:crypto';
import { derivedSigningKey } from '../../platform/crypto.js';
import type pg from 'pg';
import { receiptKeyId, type ReceiptKeys } from './receipt-signature.js';

/**
 * The receipts' signing key, derived from the installation key (HKDF, a label of its own): no
 * second secret to keep, and the same key on every instance of an installation.
 */
export function receiptKeysFrom(installationKeyBase64: string): ReceiptKeys {
  const privateKey = derivedSigningKey(installationKeyBase64, 'receipt signing');
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
  return { privateKeyPem, publicKeyPem, keyId: receiptKeyId(publicKeyPem) };
}

/** Keeps the public key, so that receipts signed with it stay verifiable after the key changes. */
export async function registerReceiptKey(pool: pg.Pool, keys: ReceiptKeys): Promise<void> {
  await pool.query(
    'INSERT INTO receipt_keys (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING',
    [keys.keyId, keys.publicKeyPem],
  );
}

/** Every public key receipts were signed with, by key id. */
export async function receiptPublicKeys(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ key_id: string; public_key_pem: string }>(
    'SELECT key_id, public_key_pem FROM receipt_keys',
  );
  return new Map(rows.map((r) => [r.key_id, r.public_key_pem]));
}
