import { createHash, createHmac } from 'node:crypto';

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

/**
 * How an entry's hash was made: `sha256` (entries written before the keyed chain, kept and checked
 * as they were), `hmac` (HMAC-SHA-256 under a key derived from the installation key, which never
 * enters the database: only the key's holder can write a matching hash).
 */
export type Scheme = 'sha256' | 'hmac';

export interface StoredEntry extends AuditEntry {
  readonly id: number;
  readonly scheme: Scheme;
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

function content(entry: AuditEntry): string {
  return canonicalJson({
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
}

/** SHA-256 over the previous hash and the entry's content: how entries were hashed before the keyed chain. */
export function unkeyedHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(content(entry)).digest('hex');
}

/** HMAC-SHA-256 over the previous hash and the entry's content: what every new entry carries. */
export function keyedHash(key: Buffer, prevHash: string, entry: AuditEntry): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(content(entry)).digest('hex');
}

function sealMatches(key: Buffer, entry: StoredEntry, seq = entry.seq): boolean {
  const as = seq === entry.seq ? entry : { ...entry, seq };
  const hash = entry.scheme === 'hmac' ? keyedHash(key, entry.prevHash, as) : unkeyedHash(entry.prevHash, as);
  return hash === entry.hash;
}

/** What is wrong with one entry (or, for `missing`, just before it). */
export type Problem =
  /** Its content does not match its hash: changed after it was written, or written without the key. */
  | { readonly kind: 'altered' }
  /** A keyed entry whose hash is the unkeyed hash of its content: changed, and the hash recomputed without the key. */
  | { readonly kind: 'rehashed' }
  /** Its hash matches its content under another number: it was entry `was` (reordered, or renumbered around an insertion or deletion). */
  | { readonly kind: 'moved'; readonly was: number }
  /** Not sealed, and the entry after it follows the one before it: it was put into the chain. */
  | { readonly kind: 'inserted' }
  /** Entries `from`…`to` are missing before it: deleted. */
  | { readonly kind: 'missing'; readonly from: number; readonly to: number }
  /** Sealed, but it does not follow the entry before it. */
  | { readonly kind: 'unlinked' }
  /** An unkeyed entry after keyed ones: rewritten the unkeyed way (only old entries may be unkeyed). */
  | { readonly kind: 'downgraded' };

export interface Finding {
  readonly id: number;
  readonly seq: number;
  readonly at: string;
  readonly action: string;
  readonly problem: Problem;
}

/** The number this entry's hash was made for, if it was made for another: the neighbours by hash suggest it. */
function movedFrom(chain: readonly StoredEntry[], entry: StoredEntry, key: Buffer, index: Indexes): number | null {
  const before = index.byHash.get(entry.prevHash);
  const after = index.byPrevHash.get(entry.hash);
  const candidates = new Set([
    entry.seq - 1,
    entry.seq + 1,
    entry.prevHash === GENESIS_HASH ? 1 : before === undefined ? 0 : chain[before]!.seq + 1,
    after === undefined ? 0 : chain[after]!.seq - 1,
  ]);
  candidates.delete(entry.seq);
  for (const seq of candidates) if (seq > 0 && sealMatches(key, entry, seq)) return seq;
  return null;
}

interface Indexes {
  readonly byHash: ReadonlyMap<string, number>;
  readonly byPrevHash: ReadonlyMap<string, number>;
}

function unsealedProblem(
  chain: readonly StoredEntry[],
  i: number,
  key: Buffer,
  index: Indexes,
  startHash: string,
): Problem {
  const entry = chain[i]!;
  const was = movedFrom(chain, entry, key, index);
  if (was !== null) return { kind: 'moved', was };
  if (chain[i + 1]?.prevHash === (chain[i - 1]?.hash ?? startHash)) return { kind: 'inserted' };
  if (entry.scheme === 'hmac' && unkeyedHash(entry.prevHash, entry) === entry.hash) return { kind: 'rehashed' };
  return { kind: 'altered' };
}

/**
 * Every damaged entry of one authority's chain (sorted by seq), each named once with what is wrong.
 * An entry that only fails to follow an entry already named is part of that damage, not named again.
 * `key` is the chain key (for `hmac` entries); `start` is what the first entry follows (the chain's
 * beginning, or a checkpointed entry when only the entries after it are checked).
 */
export function inspectChain(
  chain: readonly StoredEntry[],
  key: Buffer,
  start: { readonly seq: number; readonly hash: string } = { seq: 0, hash: GENESIS_HASH },
): Finding[] {
  const index: Indexes = {
    byHash: new Map(chain.map((e, i) => [e.hash, i])),
    byPrevHash: new Map(chain.map((e, i) => [e.prevHash, i])),
  };
  const findings: Finding[] = [];
  let keyed = false;
  let previousNamed = false;
  for (const [i, entry] of chain.entries()) {
    const before = chain[i - 1] ?? start;
    const expectedSeq = before.seq + 1;
    let problem: Problem | null = null;
    const sealed = sealMatches(key, entry);
    if (!sealed) problem = unsealedProblem(chain, i, key, index, start.hash);
    else if (entry.scheme === 'sha256' && keyed) problem = { kind: 'downgraded' };
    else if (entry.seq > expectedSeq) problem = { kind: 'missing', from: expectedSeq, to: entry.seq - 1 };
    else if (entry.seq < expectedSeq || (entry.prevHash !== before.hash && !previousNamed))
      problem = { kind: 'unlinked' };
    // Only a genuine keyed entry (sealed, if perhaps under another number) makes later unkeyed ones suspect.
    keyed ||= entry.scheme === 'hmac' && (sealed || problem?.kind === 'moved');
    previousNamed = problem !== null;
    if (problem) findings.push({ id: entry.id, seq: entry.seq, at: entry.at, action: entry.action, problem });
  }
  return findings;
}

/** How many entries were written before the keyed chain, and the first keyed one (which seals them). */
export function keyedCoverage(chain: readonly StoredEntry[]): { unkeyed: number; firstKeyed: number | null } {
  const first = chain.find((e) => e.scheme === 'hmac');
  return { unkeyed: chain.filter((e) => e.scheme === 'sha256').length, firstKeyed: first?.seq ?? null };
}
