import type { Tx } from '../database/index.js';

/**
 * The outbox's retention (called by the nightly sweep, src/retention, in the authority's
 * transaction). A sent mail's body and attachments hold links, codes and names: they go soon after
 * sending. The row itself (recipient, subject, times, attempts) stays a little longer for the
 * admin's view, then goes, like a failed mail (whose body is kept until then, for "retry now").
 * Queued mail is never touched.
 */
export async function purgeSentMail(
  tx: Tx,
  { bodiesSentBefore, rowsBefore }: { bodiesSentBefore: Date; rowsBefore: Date },
): Promise<{ bodies: number; mails: number }> {
  const removed = await tx.query(
    `DELETE FROM mail_outbox WHERE (status = 'sent' AND sent_at < $1) OR (status = 'failed' AND created_at < $1)`,
    [rowsBefore],
  );
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE mail_outbox SET text = NULL, html = NULL, body_erased_at = now()
      WHERE status = 'sent' AND sent_at < $1 AND body_erased_at IS NULL RETURNING id`,
    [bodiesSentBefore],
  );
  if (rows.length > 0)
    await tx.query('DELETE FROM mail_outbox_attachments WHERE mail_id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
  return { bodies: rows.length, mails: removed.rowCount ?? 0 };
}
