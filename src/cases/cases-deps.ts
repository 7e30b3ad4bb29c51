import type pg from 'pg';
import type { UploadConfig } from '../platform/config.js';
import type { UploadSlots } from '../platform/http/upload-slots.js';
import type { DocumentVault } from './documents/document-vault.js';
import type { ReceiptKeys } from './receipts/receipt-signature.js';

/** What the use cases of applications and cases need besides their options and context. */
export interface CaseDeps {
  readonly pool: pg.Pool;
  /** Seals uploaded files at rest. */
  readonly vault: DocumentVault;
  readonly receiptKeys: ReceiptKeys;
  /** Keys the stored hashes of one-time status codes and of the addresses they went to. */
  readonly signInKey: Buffer;
  /** Base URL for links in e-mails, on receipts and in QR codes. */
  readonly links: { base: string };
  readonly uploads: UploadDeps;
}

/** What receiving files from the public needs: the limits and quotas, the slots, and two keys. */
export interface UploadDeps {
  readonly limits: UploadConfig;
  readonly slots: UploadSlots;
  /** Keys the stored hashes of client addresses in the quota counts (upload-quota.ts). */
  readonly addressKey: Buffer;
  /** Signs the proof-of-work challenges of the application form. */
  readonly powKey: string;
}
