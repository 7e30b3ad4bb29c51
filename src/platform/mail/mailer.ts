import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';

export interface MailConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. Unset: messages go to `outboxDir`. */
  readonly smtpUrl: string | undefined;
  /** Sender, e.g. `Ausländerbehörde Musterstadt <noreply@musterstadt.example>`. */
  readonly from: string;
  /** Folder for `.eml` files when there is no `smtpUrl` (the embedded demo). Defaults to `data/outbox`. */
  readonly outboxDir?: string;
}

export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType: string;
}

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly MailAttachment[];
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** A message could not be handed over. The message never contains the SMTP password. */
export class MailError extends Error {
  /** nodemailer's error code, e.g. `ECONNECTION`, `ETIMEDOUT`, `EAUTH`, `EENVELOPE`. */
  readonly code: string | undefined;
  /** The SMTP reply code, when the server answered (4xx: try again later, 5xx: permanent). */
  readonly responseCode: number | undefined;

  constructor(message: string, code?: string, responseCode?: number) {
    super(message);
    this.name = 'MailError';
    this.code = code;
    this.responseCode = responseCode;
  }
}

const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

export function createMailer(config: MailConfig, log: (message: string) => void): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.from) : outboxMailer(config, log);
}

function message(from: string, mail: Mail): SendMailOptions {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== undefined ? { html: mail.html } : {}),
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

function smtpMailer(smtpUrl: string, from: string): Mailer {
  let parsed: URL;
  try {
    parsed = new URL(smtpUrl);
  } catch {
    // The URL itself is not repeated: it may carry the password.
    throw new MailError('SMTP URL is not a valid URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new MailError(`SMTP URL must start with smtp:// or smtps://, got ${parsed.protocol}//`);
  }
  const secrets = [parsed.password, safeDecode(parsed.password), smtpUrl].filter((s) => s.length > 0);
  const where = `${parsed.protocol}//${parsed.host}`;

  const transport = nodemailer.createTransport({
    pool: true,
    url: smtpUrl,
    maxConnections: 3,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // Attachments are always in-memory buffers: never let a message read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  let closed = false;

  return {
    async send(mail) {
      if (closed) throw new MailError('mailer is closed');
      try {
        await transport.sendMail(message(from, mail));
      } catch (error) {
        const err = error as { message?: unknown; code?: unknown; responseCode?: unknown };
        const detail = redact(String(err.message ?? error), secrets);
        throw new MailError(
          `could not send mail via ${where}: ${detail}`,
          typeof err.code === 'string' ? err.code : undefined,
          typeof err.responseCode === 'number' ? err.responseCode : undefined,
        );
      }
    },
    close() {
      closed = true;
      transport.close();
    },
  };
}

function outboxMailer(config: MailConfig, log: (message: string) => void): Mailer {
  const dir = path.resolve(config.outboxDir ?? path.join('data', 'outbox'));
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail(message(config.from, mail));
      const bytes = info.message;
      if (!Buffer.isBuffer(bytes)) throw new MailError('stream transport did not return a buffer');
      // The files hold invitation links, codes and status links: readable by this user only.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      await writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
      log(`mail to ${oneLine(mail.to)}: ${oneLine(mail.subject)} (saved to ${file})`);
    },
    close() {
      transport.close();
    },
  };
}

/** Keeps a log entry on one line whatever the subject holds. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so the whole URL goes before its password does.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}
