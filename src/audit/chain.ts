import { createHash } from 'node:crypto';

/** One entry of the audit trail, as hashed. */
export interface AuditEntry {
  readonly authorityId: string;
  readonly seq: number;
  /** ISO 8601 with milliseconds, UTC. */
  readonly at: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly objectType: string | null;
  readonly objectId: string | null;
  readonly ip: string;
  readonly details: unknown;
}

export interface StoredEntry extends AuditEntry {
  readonly id: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash before the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys in a fixed order at every level, so that the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the entry's content. */
export function entryHash(prevHash: string, entry: AuditEntry): string {
  const content = canonicalJson({
    authorityId: entry.authorityId,
    seq: entry.seq,
    at: entry.at,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    ip: entry.ip,
    details: entry.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export interface Break {
  readonly id: number;
  readonly seq: number;
  readonly reason: 'hash' | 'link' | 'gap';
}

/**
 * The first entry where one authority's chain (sorted by seq) is broken: its content no longer
 * matches its hash, it does not point to the previous hash, or an entry before it is missing.
 */
export function firstBreak(chain: readonly StoredEntry[]): Break | null {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const entry of chain) {
    if (entry.seq !== expectedSeq) return { id: entry.id, seq: entry.seq, reason: 'gap' };
    if (entry.prevHash !== prev) return { id: entry.id, seq: entry.seq, reason: 'link' };
    if (entryHash(entry.prevHash, entry) !== entry.hash) return { id: entry.id, seq: entry.seq, reason: 'hash' };
    prev = entry.hash;
    expectedSeq++;
  }
  return null;
}
