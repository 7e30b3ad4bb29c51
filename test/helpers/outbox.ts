import type pg from 'pg';

/**
 * Resolves once the mail outbox holds no queued mail: everything committed so far has been handed
 * to the SMTP server (or failed). The test mailbox keeps a message before it answers the DATA
 * command, so by then every mail sent is in `mailbox.messages`; a test can then assert that a
 * mail did NOT go out without sleeping. Polls the table with a deadline.
 */
export async function outboxSettled(owner: pg.Pool, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'queued'",
    );
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} mails still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
