import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { derivedKey, derivedSigningKey } from '../platform/crypto.js';

/** The audit trail's keys, each derived from the installation key; none of them enters the database. */
export interface AuditKeys {
  /** HMAC-SHA-256 key of the hash chain. */
  readonly chain: Buffer;
  /** Ed25519 key that signs the checkpoints. */
  readonly signing: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI): which key signed a checkpoint. */
  readonly keyId: string;
}

export function auditKeysFrom(installationKeyBase64: string): AuditKeys {
  const signing = derivedSigningKey(installationKeyBase64, 'audit checkpoint signing');
  const publicKey = createPublicKey(signing);
  return {
    chain: derivedKey(installationKeyBase64, 'audit chain'),
    signing,
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: createHash('sha256')
      .update(publicKey.export({ format: 'der', type: 'spki' }))
      .digest('hex')
      .slice(0, 16),
  };
}

let chainKey: Buffer | null = null;

/**
 * The chain key for `recordAudit`, set once at start by the composition root. A process-wide value
 * because every capability records through `recordAudit(tx, …)` and none should have to carry the
 * key; one process serves one installation.
 */
export function useAuditChainKey(key: Buffer): void {
  chainKey = key;
}

export function auditChainKey(): Buffer {
  // Never fall back to an unkeyed hash: an entry the key does not seal would be forgeable.
  if (!chainKey) throw new Error('the audit chain key is not set (useAuditChainKey at start)');
  return chainKey;
}
