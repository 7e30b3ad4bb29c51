import type pg from 'pg';
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
}
