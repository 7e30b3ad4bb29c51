import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), plain addresses. */
  readonly to: string[];
  /** Envelope sender (MAIL FROM), a plain address ('' for a null sender). */
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | false;
  readonly attachments: { filename?: string; contentType: string; content: Buffer }[];
}

export interface Mailbox {
  /** smtp://127.0.0.1:<port> */
  readonly url: string;
  readonly messages: readonly ReceivedMail[];
  /**
   * The first message, already received or still to come, that matches; rejects after `timeoutMs`
   * (default 15 s: the outbox renders PDF attachments before sending, and a mail queued behind them
   * waits for that batch; on a loaded two-core machine 5 s was not always enough).
   */
  waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

interface Waiter {
  readonly predicate: (m: ReceivedMail) => boolean;
  readonly resolve: (m: ReceivedMail) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface MailboxOptions {
  /** An SMTP reply code (4xx: try later, 5xx: never) to refuse a recipient with; undefined accepts. */
  readonly refuse?: (recipient: string) => number | undefined;
}

/** A real SMTP server on loopback (plain, no TLS, any or no login accepted) that keeps what it receives. */
export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();

  const deliver = (mail: ReceivedMail): void => {
    messages.push(mail);
    for (const waiter of waiters) {
      if (!waiter.predicate(mail)) continue;
      clearTimeout(waiter.timer);
      waiters.delete(waiter);
      waiter.resolve(mail);
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    secure: false,
    logger: false,
    closeTimeout: 1000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onRcptTo(address, _session, callback) {
      const code = options.refuse?.(address.address);
      if (code === undefined) return callback();
      callback(Object.assign(new Error(`refused by the test mailbox (${code})`), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            deliver({
              to: session.envelope.rcptTo.map((a) => a.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html ?? false,
              attachments: parsed.attachments.map((a) => ({
                ...(a.filename !== undefined ? { filename: a.filename } : {}),
                contentType: a.contentType,
                content: a.content,
              })),
            });
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });

  // A sender that dies mid-conversation (a server killed in a crash test) resets its connection:
  // that is the sender's fault, not the mailbox's, and must not end the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 15_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const subjects = messages.map((m) => JSON.stringify(m.subject)).join(', ') || 'none';
            reject(new Error(`no matching mail within ${timeoutMs} ms; received so far: ${subjects}`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    async close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('mailbox closed'));
      }
      waiters.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
