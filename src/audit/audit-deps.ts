import type pg from 'pg';
import type { Tx } from '../platform/database/index.js';
import type { AuditKeys } from './audit-keys.js';

export interface CheckpointMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Hands one mail about the audit trail to whoever delivers it, in the checkpoint's transaction
 * (the shape of the mail outbox's `enqueueMail(tx, authorityId, mail)`).
 */
export type NotifyCheckpoint = (tx: Tx, authorityId: string, mail: CheckpointMail) => Promise<void>;

/** What the checkpoint job runs with (built by the composition root). */
export interface AuditDeps {
  readonly pool: pg.Pool;
  readonly keys: AuditKeys;
  /** The append-only file of signed checkpoints (DATA_DIR/audit-checkpoints.jsonl). */
  readonly checkpointFile: string;
  /** Addresses of the authority's active data-protection officers, in its transaction (from identity). */
  readonly dataProtectionOfficers: (tx: Tx) => Promise<string[]>;
  readonly notifyCheckpoint: NotifyCheckpoint;
  readonly log: (message: string) => void;
}
