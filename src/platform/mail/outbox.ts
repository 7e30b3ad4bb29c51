import type { Tx } from '../database/index.js';
import type { Mail, MailAttachment } from './mailer.js';

/** The channel the outbox's worker LISTENs on; NOTIFY in the enqueuing transaction is delivered on commit only. */
export const OUTBOX_CHANNEL = 'mail_outbox';

/**
 * An attachment the worker renders when it sends the mail (after the commit): `renderer` names a
 * function registered with the worker (OutboxWorkerOptions.renderers), `recipe` is its input as
 * JSON (dates become ISO strings: the renderer reads them back).
 */
export interface RenderedAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly render: { readonly renderer: string; readonly recipe: unknown };
}

/** A mail to queue: its attachments as bytes, or rendered after the commit. */
export interface QueuedMail extends Omit<Mail, 'attachments'> {
  readonly attachments?: readonly (MailAttachment | RenderedAttachment)[];
}

/**
 * Queues a mail in the caller's transaction (scoped to `authorityId` by withTenant). Nothing is sent
 * here: the outbox worker sends it after the commit, outside any transaction, and retries it with
 * back-off; a rolled-back transaction leaves no mail behind. Returns the outbox row's id.
 */
export async function enqueueMail(tx: Tx, authorityId: string, mail: QueuedMail): Promise<string> {
  const {
    rows: [row],
  } = await tx.query<{ id: string }>(
    'INSERT INTO mail_outbox (authority_id, recipient, subject, text, html) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [authorityId, mail.to, mail.subject, mail.text, mail.html ?? null],
  );
  const id = row!.id;
  for (const [position, a] of (mail.attachments ?? []).entries()) {
    await tx.query(
      `INSERT INTO mail_outbox_attachments (mail_id, authority_id, position, filename, content_type, content, renderer, recipe)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      'render' in a
        ? [
            id,
            authorityId,
            position,
            a.filename,
            a.contentType,
            null,
            a.render.renderer,
            JSON.stringify(a.render.recipe),
          ]
        : [id, authorityId, position, a.filename, a.contentType, a.content, null, null],
    );
  }
  // Wakes the worker of every instance the moment this transaction commits (never if it rolls back).
  await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return id;
}
