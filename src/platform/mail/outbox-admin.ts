import type { Tx } from '../database/index.js';
import { isUuid } from '../ids.js';
import { OUTBOX_CHANNEL } from './outbox.js';

/** What the admin sees of a mail: who, what about, how it went; never its body. */
export interface OutboxEntry {
  readonly id: string;
  readonly recipient: string;
  readonly subject: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date;
  readonly createdAt: Date;
  /** Being handed to the server right now (a worker holds it). */
  readonly sending: boolean;
}

export interface OutboxView {
  readonly failed: readonly OutboxEntry[];
  readonly queued: readonly OutboxEntry[];
  /** Mails sent whose rows are still kept (RETENTION_MAIL_DAYS). */
  readonly sent: number;
}

const SHOWN = 200;

/** The authority's failed and queued mails, newest problems first (the transaction's authority, by row-level security). */
export async function outboxView(tx: Tx): Promise<OutboxView> {
  const { rows } = await tx.query<{
    id: string;
    recipient: string;
    subject: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date;
    created_at: Date;
    status: 'queued' | 'failed';
    sending: boolean;
  }>(
    `(SELECT id, recipient, subject, attempts, last_error, next_attempt_at, created_at, status, claim IS NOT NULL AS sending
        FROM mail_outbox WHERE status = 'failed' ORDER BY created_at DESC LIMIT ${SHOWN})
     UNION ALL
     (SELECT id, recipient, subject, attempts, last_error, next_attempt_at, created_at, status, claim IS NOT NULL AS sending
        FROM mail_outbox WHERE status = 'queued' ORDER BY next_attempt_at LIMIT ${SHOWN})`,
  );
  const {
    rows: [sent],
  } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'sent'");
  const entries = rows.map((r) => ({
    status: r.status,
    entry: {
      id: r.id,
      recipient: r.recipient,
      subject: r.subject,
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      sending: r.sending,
    },
  }));
  return {
    failed: entries.filter((e) => e.status === 'failed').map((e) => e.entry),
    queued: entries.filter((e) => e.status === 'queued').map((e) => e.entry),
    sent: sent!.n,
  };
}

/**
 * "Retry now": a failed or waiting mail is due at once and the worker is woken on commit. A failed
 * one gets one more attempt (then fails again if the server still refuses). A mail a worker is
 * sending right now is left to it, so it is never sent twice.
 */
export async function retryMail(tx: Tx, id: string): Promise<'retried' | 'sending' | 'unknown'> {
  if (!isUuid(id)) return 'unknown';
  const { rows } = await tx.query<{ claim: string | null }>(
    `SELECT claim FROM mail_outbox WHERE id = $1 AND status IN ('queued', 'failed') FOR UPDATE`,
    [id],
  );
  if (!rows[0]) return 'unknown';
  if (rows[0].claim !== null) return 'sending';
  await tx.query(`UPDATE mail_outbox SET status = 'queued', next_attempt_at = now() WHERE id = $1`, [id]);
  await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return 'retried';
}
