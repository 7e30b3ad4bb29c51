import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTenant } from '../database/index.js';
import { listen, type Listener } from '../database/listener.js';
import type { Jobs } from '../jobs.js';
import type { Mail, MailAttachment, Mailer } from './mailer.js';
import { OUTBOX_CHANNEL } from './outbox.js';
import { afterFailure, errorText } from './outbox-policy.js';

export const OUTBOX_JOB = 'mail-outbox';

export interface OutboxWorkerOptions {
  readonly pool: pg.Pool;
  readonly mailer: Mailer;
  readonly log: (message: string) => void;
  /** How long a claim holds a mail before another worker may take it (a worker that died). Default 10 minutes. */
  readonly leaseMs?: number;
  /** Mails claimed in one transaction. Default 10. */
  readonly batch?: number;
  /** The functions that render attachments queued as recipes (RenderedAttachment), by name. */
  readonly renderers?: Readonly<Record<string, AttachmentRenderer>>;
}

/** Makes an attachment's bytes from its recipe (as stored: JSON), when the mail is sent. */
export type AttachmentRenderer = (recipe: unknown) => Promise<Uint8Array>;

/** An attachment as claimed: its bytes, or what to render them from. */
type ClaimedAttachment = MailAttachment | { filename: string; contentType: string; renderer: string; recipe: unknown };

export interface OutboxWorker {
  /** LISTENs for new mail (woken by the enqueuing transaction's commit) and delivers what is due. */
  start(appUrl: string): void;
  /** Delivers every mail due now, across authorities; a call during a run folds into one more run. */
  deliverDue(): Promise<void>;
  /** Stops listening and waits for the run in progress. */
  stop(): Promise<void>;
}

interface Claimed extends Omit<Mail, 'attachments'> {
  readonly id: string;
  readonly attempts: number;
  readonly attachments: readonly ClaimedAttachment[];
}

/**
 * Claims due mails of one authority (FOR UPDATE SKIP LOCKED: two instances never take one mail)
 * and commits the claim before anything is sent: the claim moves next_attempt_at forward by the
 * lease, so the mail is not due for anyone else until the lease runs out.
 */
async function claim(pool: pg.Pool, authorityId: string, claimId: string, batch: number, leaseMs: number) {
  return withTenant(pool, authorityId, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      recipient: string;
      subject: string;
      text: string;
      html: string | null;
      attempts: number;
    }>(
      `WITH due AS (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= now()
                     ORDER BY next_attempt_at, created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE mail_outbox m SET attempts = m.attempts + 1, claim = $2,
              next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.recipient, m.subject, m.text, m.html, m.attempts`,
      [batch, claimId, leaseMs],
    );
    if (rows.length === 0) return [];
    const { rows: files } = await tx.query<{
      mail_id: string;
      filename: string;
      content_type: string;
      content: Buffer | null;
      renderer: string | null;
      recipe: unknown;
    }>(
      `SELECT mail_id, filename, content_type, content, renderer, recipe FROM mail_outbox_attachments
        WHERE mail_id = ANY($1::uuid[]) ORDER BY mail_id, position`,
      [rows.map((r) => r.id)],
    );
    return rows.map(
      (r): Claimed => ({
        id: r.id,
        attempts: r.attempts,
        to: r.recipient,
        subject: r.subject,
        text: r.text,
        ...(r.html !== null ? { html: r.html } : {}),
        attachments: files
          .filter((f) => f.mail_id === r.id)
          .map(
            (f): ClaimedAttachment =>
              f.content !== null
                ? { filename: f.filename, content: f.content, contentType: f.content_type }
                : { filename: f.filename, contentType: f.content_type, renderer: f.renderer!, recipe: f.recipe },
          ),
      }),
    );
  });
}

/** Creates the worker; `start` begins listening, the pg-boss sweep (jobs.ts) calls `deliverDue` each minute. */
export function outboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { pool, mailer, log } = options;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const batch = options.batch ?? 10;
  let listener: Listener | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const mark = async (authorityId: string, claimId: string, mail: Claimed, error: unknown | null) => {
    await withTenant(pool, authorityId, async (tx) => {
      if (error === null) {
        await tx.query(
          `UPDATE mail_outbox SET status = 'sent', sent_at = now(), claim = NULL, last_error = NULL
            WHERE id = $1 AND claim = $2`,
          [mail.id, claimId],
        );
        return;
      }
      const next = afterFailure(mail.attempts, error);
      await tx.query(
        `UPDATE mail_outbox SET claim = NULL, last_error = $3,
                status = CASE WHEN $4 THEN 'failed' ELSE status END,
                next_attempt_at = CASE WHEN $4 THEN next_attempt_at
                                       ELSE now() + make_interval(secs => $5::double precision / 1000) END
          WHERE id = $1 AND claim = $2`,
        [mail.id, claimId, errorText(error), next.fail, next.fail ? 0 : next.retryInMs],
      );
    });
  };

  /** The attachments' bytes: stored ones as they are, recipes rendered now (outside any transaction). */
  const rendered = async (mail: Claimed): Promise<Mail> => {
    const attachments: MailAttachment[] = [];
    for (const a of mail.attachments) {
      if ('content' in a) {
        attachments.push(a);
        continue;
      }
      const render = options.renderers?.[a.renderer];
      if (!render) throw new Error(`no renderer "${a.renderer}" for the attachment ${a.filename}`);
      attachments.push({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(await render(a.recipe)),
      });
    }
    return { ...mail, attachments };
  };

  const send = async (authorityId: string, claimId: string, mail: Claimed) => {
    let error: unknown | null = null;
    try {
      // A failed rendering counts like a failed sending: retried with back-off, its error shown.
      await mailer.send(await rendered(mail));
    } catch (caught) {
      error = caught ?? new Error('unknown mail error');
    }
    await mark(authorityId, claimId, mail, error);
  };

  /** One pass over the authorities with mail due; true when it claimed anything. */
  const pass = async (): Promise<boolean> => {
    const { rows } = await pool.query<{ id: string }>('SELECT mail_outbox_due_authorities() AS id');
    let claimedAny = false;
    for (const { id: authorityId } of rows) {
      const claimId = randomUUID();
      const claimed = await claim(pool, authorityId, claimId, batch, leaseMs);
      claimedAny ||= claimed.length > 0;
      // Sent outside any transaction; the mailer's pool limits the connections to the server.
      await Promise.all(claimed.map((mail) => send(authorityId, claimId, mail)));
    }
    return claimedAny;
  };

  /** Wakes again when the next queued mail (a retry) falls due; the minute's sweep covers the rest. */
  const schedule = async () => {
    const { rows } = await pool.query<{ at: Date | null }>('SELECT mail_outbox_next_due() AS at');
    clearTimeout(timer);
    const at = rows[0]?.at;
    if (!at || stopped) return;
    const delay = Math.min(Math.max(at.getTime() - Date.now(), 0) + 50, 10 * 60_000);
    timer = setTimeout(() => void deliverDue().catch((e: unknown) => log(`outbox: ${errorText(e)}`)), delay);
    timer.unref();
  };

  const run = async () => {
    do {
      again = false;
      while (!stopped && (await pass()));
    } while (again && !stopped);
    await schedule();
  };

  const deliverDue = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = run().finally(() => {
      running = null;
    });
    return running;
  };

  const wake = () => void deliverDue().catch((e: unknown) => log(`outbox: ${errorText(e)}`));

  return {
    start(appUrl) {
      // Once LISTEN is in place: mail queued before (while no instance ran, or just now) is looked for.
      listener = listen({
        url: appUrl,
        channel: OUTBOX_CHANNEL,
        onMessage: wake,
        onReconnect: () => undefined,
        onListening: wake,
        log,
      });
    },
    deliverDue,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await listener?.stop();
      await running?.catch(() => undefined);
    },
  };
}

/** The safety net behind the wake-ups: each minute, whatever is due (after a crash, a lost notification, a retry). */
export async function scheduleOutbox(jobs: Jobs, worker: OutboxWorker): Promise<void> {
  await jobs.every(OUTBOX_JOB, '* * * * *', () => worker.deliverDue());
}
