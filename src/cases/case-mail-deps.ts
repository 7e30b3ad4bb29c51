import type { DocumentVault } from './documents/document-vault.js';

/** What case work needs to write to people: the sealed status link's key and the base URL (mail goes through the outbox). */
export interface CaseMailDeps {
  readonly vault: DocumentVault;
  readonly links: { base: string };
}
