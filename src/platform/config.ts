import path from 'node:path';

/** Typed configuration, read once at start from the environment and checked there. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** Folder for the embedded PostgreSQL cluster and the secrets it generates. */
  readonly dataDir: string;
  /** Append-only file of the audit trail's signed checkpoints (default DATA_DIR/audit-checkpoints.jsonl). */
  readonly auditCheckpointFile: string;
  /** Owner connection (runs migrations and seeds). Unset: the embedded PostgreSQL is started. */
  readonly databaseUrl: string | undefined;
  /** Connection of the application role (cannot bypass row-level security). Derived when unset. */
  readonly appDatabaseUrl: string | undefined;
  readonly embeddedPgPort: number;
  /** Connections of the application role per instance (bookings hold one while PostgreSQL decides a race). */
  readonly databasePoolSize: number;
  readonly logLevel: string;
  /** Slug of the authority whose public portal this installation serves. */
  readonly portalAuthority: string;
  /** Load the demo office from `seeds/demo` on start. */
  readonly seedDemo: boolean;
  /**
   * Installation key (32 bytes, base64): seals second-factor secrets. Required in production;
   * the embedded default generates one in DATA_DIR/secrets.
   */
  readonly secretKey: string | undefined;
  /** Public base URL for links in e-mails and the console (e.g. https://welcome.example.de). */
  readonly publicUrl: string | undefined;
  /** SMTP server for outgoing mail; unset: mails are saved as .eml files in DATA_DIR/outbox. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Staff sessions end after this many idle minutes, and after this many hours whatever the activity. */
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  /** Sign-in attempts (and other staff link forms) per client address in 15 minutes, before 429. */
  readonly loginAttemptsPerIp: number;
  /** Seconds a rendered public page is served from memory (0: render every request). */
  readonly pageCacheSeconds: number;
  /** Requests per minute and client IP before the portal answers 429 (forms have stricter limits). */
  readonly rateLimitPerMinute: number;
  /** Slots one address may hold per hour (picking a time); more gets a clear "too many" page. */
  readonly bookingHoldsPerIpHour: number;
  /** Above this many holds per minute (all instances together), picking a time needs a proof of work (ALTCHA); 0: always. */
  readonly powAboveHoldsPerMinute: number;
  /** How long in-flight requests may take to finish on SIGTERM before the process exits anyway. */
  readonly shutdownGraceMs: number;
  /** How long slow clients may hold a connection (README "Configuration", HTTP_*). */
  readonly http: HttpLimits;
  /** How long personal data is kept before the nightly sweep deletes or erases it (README "Retention"). */
  readonly retention: RetentionDays;
  /** What anonymous applicants may store, and how many uploads run at once (README "Uploads and quotas"). */
  readonly uploads: UploadConfig;
}

/** Storage quotas and upload limits (bytes, counts, days): together they cap what a flood can store. */
export interface UploadConfig {
  /** All files of one draft together. */
  readonly draftBytes: number;
  /** Files stored from one client address (IPv6: its /64) per office day. */
  readonly addressBytesPerDay: number;
  /** Files stored in one authority per office day, from everyone. */
  readonly authorityBytesPerDay: number;
  /** New drafts started from one client address per office day, and in one authority per day. */
  readonly addressDraftsPerDay: number;
  readonly authorityDraftsPerDay: number;
  /** One request's body: refused from its Content-Length, or cut off while it arrives. */
  readonly requestBytes: number;
  /** Requests whose files are being received and stored at the same time (each holds one file in memory). */
  readonly concurrent: number;
  /** Above this many posts with files per minute (this instance), uploading needs a proof of work; 0: always. */
  readonly powAbovePerMinute: number;
  /** A draft without activity is deleted after this many days. */
  readonly draftExpiryDays: number;
}

/** Retention periods in days, each counted from the end of the event that made the data useless. */
export interface RetentionDays {
  /** After the appointment's day (and after the last slot day of a draw round): names, contact, codes erased. */
  readonly appointments: number;
  /** After a queue ticket's day: its phone link and its link to an appointment removed. */
  readonly queueTickets: number;
  /** After a case was closed: its uploaded documents deleted (they are in the office's own file by then). */
  readonly caseDocuments: number;
  /** After a case was closed: the whole case deleted (personal data, history, notes, receipt). */
  readonly cases: number;
  /** After a permit in the renewal register expired: its row deleted. */
  readonly permits: number;
  /** After a mail was sent: its body and attachments deleted from the outbox. */
  readonly mailBodies: number;
  /** After a mail was sent (or queued, if it failed): its outbox row deleted (the admin's view of it). */
  readonly mails: number;
}

/** Time limits on client connections, and the cap on live streams per address. */
export interface HttpLimits {
  /** The request line and headers must arrive within this time (slowloris). */
  readonly headersTimeoutMs: number;
  /** A form body (anything but a file upload) must arrive within this time once the headers are in. */
  readonly bodyTimeoutMs: number;
  /** The whole request, headers and body (file uploads included), must arrive within this time. */
  readonly requestTimeoutMs: number;
  /** A connection on which nothing moves for this long is closed (live streams excepted: they send heartbeats). */
  readonly idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  readonly keepAliveTimeoutMs: number;
  /** Live streams (waiting-room displays, phone pages) one client address may hold open at once. */
  readonly liveStreamsPerAddress: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) throw new Error('protocol');
  } catch {
    throw new ConfigError(`${name} must be a postgres:// URL`);
  }
  return raw;
}

function secretKey(env: Env, nodeEnv: string): string | undefined {
  const raw = env.SECRET_KEY;
  if (raw === undefined || raw === '') {
    if (nodeEnv === 'production') {
      throw new ConfigError(
        'SECRET_KEY is required in production: 32 random bytes, base64 (e.g. `openssl rand -base64 32`)',
      );
    }
    return undefined;
  }
  if (Buffer.from(raw, 'base64').length !== 32) throw new ConfigError('SECRET_KEY must be 32 bytes, base64-encoded');
  return raw;
}

function httpUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL`);
  }
}

function smtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^smtps?:\/\/[^\s]+$/.test(raw)) throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587');
  return raw;
}

function httpLimits(env: Env): HttpLimits {
  const ms = (name: string, fallback: number) => integer(env, name, fallback, 100, 3_600_000);
  const limits: HttpLimits = {
    headersTimeoutMs: ms('HTTP_HEADERS_TIMEOUT_MS', 10_000),
    bodyTimeoutMs: ms('HTTP_BODY_TIMEOUT_MS', 10_000),
    requestTimeoutMs: ms('HTTP_REQUEST_TIMEOUT_MS', 120_000),
    idleTimeoutMs: ms('HTTP_IDLE_TIMEOUT_MS', 60_000),
    keepAliveTimeoutMs: ms('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000),
    liveStreamsPerAddress: integer(env, 'LIVE_STREAMS_PER_ADDRESS', 50, 1, 100_000),
  };
  // Node checks the headers' time only while the request's is not over: a shorter request time would hide it.
  if (limits.requestTimeoutMs < limits.headersTimeoutMs || limits.requestTimeoutMs < limits.bodyTimeoutMs) {
    throw new ConfigError('HTTP_REQUEST_TIMEOUT_MS must be at least HTTP_HEADERS_TIMEOUT_MS and HTTP_BODY_TIMEOUT_MS');
  }
  return limits;
}

const MAX_RETENTION_DAYS = 3650;

function retentionDays(env: Env): RetentionDays {
  const days = (name: string, fallback: number) => integer(env, name, fallback, 1, MAX_RETENTION_DAYS);
  const periods: RetentionDays = {
    appointments: days('RETENTION_APPOINTMENT_DAYS', 30),
    queueTickets: days('RETENTION_QUEUE_DAYS', 7),
    caseDocuments: days('RETENTION_CASE_DOCUMENT_DAYS', 30),
    cases: days('RETENTION_CASE_DAYS', 365),
    permits: days('RETENTION_PERMIT_DAYS', 90),
    mailBodies: days('RETENTION_MAIL_BODY_DAYS', 1),
    mails: days('RETENTION_MAIL_DAYS', 14),
  };
  // The documents go with the case anyway: a shorter case period would make the document period a lie.
  if (periods.cases < periods.caseDocuments) {
    throw new ConfigError('RETENTION_CASE_DAYS must be at least RETENTION_CASE_DOCUMENT_DAYS');
  }
  if (periods.mails < periods.mailBodies) {
    throw new ConfigError('RETENTION_MAIL_DAYS must be at least RETENTION_MAIL_BODY_DAYS');
  }
  return periods;
}

const MIB = 1024 * 1024;

function uploadConfig(env: Env): UploadConfig {
  const mib = (name: string, fallback: number) => integer(env, name, fallback, 1, 1024 * 1024) * MIB;
  const config: UploadConfig = {
    draftBytes: mib('UPLOAD_DRAFT_MB', 50),
    addressBytesPerDay: mib('UPLOAD_ADDRESS_DAY_MB', 200),
    authorityBytesPerDay: mib('UPLOAD_AUTHORITY_DAY_MB', 2048),
    addressDraftsPerDay: integer(env, 'DRAFTS_PER_ADDRESS_DAY', 20, 1, 100_000_000),
    authorityDraftsPerDay: integer(env, 'DRAFTS_PER_AUTHORITY_DAY', 2000, 1, 100_000_000),
    requestBytes: mib('UPLOAD_REQUEST_MB', 55),
    concurrent: integer(env, 'UPLOAD_CONCURRENCY', 4, 1, 1000),
    powAbovePerMinute: integer(env, 'UPLOAD_POW_ABOVE_PER_MINUTE', 30, 0, 100_000_000),
    draftExpiryDays: integer(env, 'DRAFT_EXPIRY_DAYS', 3, 1, 90),
  };
  if (config.addressBytesPerDay > config.authorityBytesPerDay) {
    throw new ConfigError('UPLOAD_ADDRESS_DAY_MB must not be more than UPLOAD_AUTHORITY_DAY_MB');
  }
  return config;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const portalAuthority = env.PORTAL_AUTHORITY || 'musterstadt';
  if (!/^[a-z0-9-]{2,60}$/.test(portalAuthority)) {
    throw new ConfigError('PORTAL_AUTHORITY must be an authority slug (a-z, 0-9, -)');
  }
  return {
    env: nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    auditCheckpointFile: path.resolve(
      env.AUDIT_CHECKPOINT_FILE || path.join(env.DATA_DIR || 'data', 'audit-checkpoints.jsonl'),
    ),
    databaseUrl: url(env, 'DATABASE_URL'),
    appDatabaseUrl: url(env, 'APP_DATABASE_URL'),
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    portalAuthority,
    seedDemo: flag(env, 'SEED_DEMO', true),
    secretKey: secretKey(env, nodeEnv),
    publicUrl: httpUrl(env, 'PUBLIC_URL'),
    smtpUrl: smtpUrl(env),
    mailFrom: env.MAIL_FROM || 'Willkommensbehörde <no-reply@localhost>',
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 10, 1, 7 * 24),
    loginAttemptsPerIp: integer(env, 'LOGIN_ATTEMPTS_PER_IP', 20, 1, 100_000),
    pageCacheSeconds: integer(env, 'PAGE_CACHE_SECONDS', 10, 0, 3600),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 100_000_000),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 1, 500),
    bookingHoldsPerIpHour: integer(env, 'BOOKING_HOLDS_PER_IP_HOUR', 30, 1, 100_000_000),
    powAboveHoldsPerMinute: integer(env, 'POW_ABOVE_HOLDS_PER_MINUTE', 120, 0, 100_000_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 120_000),
    retention: retentionDays(env),
    http: httpLimits(env),
    uploads: uploadConfig(env),
  };
}
