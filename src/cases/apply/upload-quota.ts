import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { UploadConfig } from '../../platform/config.js';
import type { Tx } from '../../platform/database/index.js';
import type { Day } from '../../platform/clock/office-time.js';

/**
 * Storage quotas for what anonymous applicants store: per draft, per client address and office
 * day, and per authority and office day, in bytes of stored files and in drafts started. The
 * decisions are pure (below); the counts live in `upload_usage`, one row per address and day plus
 * the authority's own row, locked for the save's transaction so that parallel saves cannot both
 * take the last bytes.
 */

export type QuotaLimits = Pick<
  UploadConfig,
  'draftBytes' | 'addressBytesPerDay' | 'authorityBytesPerDay' | 'addressDraftsPerDay' | 'authorityDraftsPerDay'
>;

/** Today's counts of one address and of its authority. */
export interface UsageToday {
  readonly addressBytes: number;
  readonly authorityBytes: number;
  readonly addressDrafts: number;
  readonly authorityDrafts: number;
}

export type FileQuotaRefusal = 'draftQuota' | 'addressQuota' | 'authorityQuota';
export type DraftQuotaRefusal = 'addressDrafts' | 'authorityDrafts';

/** Whether a file of `bytes` may still be stored in a draft holding `draftBytes`, given today's counts. */
export function fileQuotaRefusal(
  usage: UsageToday,
  draftBytes: number,
  bytes: number,
  limits: QuotaLimits,
): FileQuotaRefusal | null {
  if (draftBytes + bytes > limits.draftBytes) return 'draftQuota';
  if (usage.addressBytes + bytes > limits.addressBytesPerDay) return 'addressQuota';
  if (usage.authorityBytes + bytes > limits.authorityBytesPerDay) return 'authorityQuota';
  return null;
}

/** Whether one more draft may be started from this address today. */
export function draftQuotaRefusal(usage: UsageToday, limits: QuotaLimits): DraftQuotaRefusal | null {
  if (usage.addressDrafts + 1 > limits.addressDraftsPerDay) return 'addressDrafts';
  if (usage.authorityDrafts + 1 > limits.authorityDraftsPerDay) return 'authorityDrafts';
  return null;
}

/**
 * The part of a client address that one person controls: an IPv4 address whole, an IPv6 address
 * by its /64 (one connection usually gets a whole /64, so counting single addresses would let one
 * person count as 2^64 people). Anything else (a test's or a proxy's odd value) is taken as it is.
 */
export function addressPrefix(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const full = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${full
    .slice(0, 4)
    .map((group) => group.padStart(4, '0'))
    .join(':')}::/64`;
}

/** The address as counted: an HMAC of its prefix, so the table never holds an address. */
export function clientKey(ip: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(addressPrefix(ip)).digest();
}

const AUTHORITY_ROW = Buffer.alloc(0);

/** Today's counts for the address and the authority, their rows locked until the transaction ends. */
export async function lockUsage(tx: Tx, authorityId: string, day: Day, key: Buffer): Promise<UsageToday> {
  await tx.query(
    `INSERT INTO upload_usage (authority_id, day, client_key) VALUES ($1, $2, $3), ($1, $2, $4)
     ON CONFLICT DO NOTHING`,
    [authorityId, day, key, AUTHORITY_ROW],
  );
  // Always the authority's row (empty key) first: every save locks in the same order.
  const { rows } = await tx.query<{ client_key: Buffer; bytes: string; drafts: number }>(
    `SELECT client_key, bytes, drafts FROM upload_usage
     WHERE authority_id = $1 AND day = $2 AND client_key IN ($3, $4) ORDER BY client_key FOR UPDATE`,
    [authorityId, day, key, AUTHORITY_ROW],
  );
  const own = rows.find((r) => r.client_key.length > 0);
  const all = rows.find((r) => r.client_key.length === 0);
  return {
    addressBytes: Number(own?.bytes ?? 0),
    addressDrafts: own?.drafts ?? 0,
    authorityBytes: Number(all?.bytes ?? 0),
    authorityDrafts: all?.drafts ?? 0,
  };
}

/** Adds what a save stored to the address's and the authority's counts (rows locked by lockUsage). */
export async function addUsage(
  tx: Tx,
  authorityId: string,
  day: Day,
  key: Buffer,
  added: { bytes: number; files: number; drafts: number },
): Promise<void> {
  if (added.bytes === 0 && added.files === 0 && added.drafts === 0) return;
  await tx.query(
    `UPDATE upload_usage SET bytes = bytes + $4, files = files + $5, drafts = drafts + $6
     WHERE authority_id = $1 AND day = $2 AND client_key IN ($3, $7)`,
    [authorityId, day, key, added.bytes, added.files, added.drafts, AUTHORITY_ROW],
  );
}

/** Counts of days before yesterday are of no use: deleted with the expired drafts. */
export async function purgeOldUsage(tx: Tx, today: Day): Promise<number> {
  const { rowCount } = await tx.query(`DELETE FROM upload_usage WHERE day < $1::date - 1`, [today]);
  return rowCount ?? 0;
}

/** The quota of one save as it goes: each stored file takes its bytes from the draft's, address's and authority's room. */
export interface FileQuota {
  refusal(bytes: number): FileQuotaRefusal | null;
  take(bytes: number): void;
  /** What was taken, for addUsage. */
  readonly taken: { bytes: number; files: number };
}

export function fileQuota(usage: UsageToday, draftBytes: number, limits: QuotaLimits): FileQuota {
  let now = usage;
  let draft = draftBytes;
  const taken = { bytes: 0, files: 0 };
  return {
    refusal: (bytes) => fileQuotaRefusal(now, draft, bytes, limits),
    take(bytes) {
      now = { ...now, addressBytes: now.addressBytes + bytes, authorityBytes: now.authorityBytes + bytes };
      draft += bytes;
      taken.bytes += bytes;
      taken.files += 1;
    },
    taken,
  };
}
