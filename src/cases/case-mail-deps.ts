import type { DocumentVault } from './documents/document-vault.js';
import type { Mailer } from '../platform/mail/mailer.js';

/** What case work needs to write to people: the mailer, the sealed status link's key, the base URL. */
export interface CaseMailDeps {
  readonly mailer: Mailer;
  readonly vault: DocumentVault;
  readonly links: { base: string };
}
