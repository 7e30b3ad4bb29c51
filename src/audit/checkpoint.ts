import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, type Finding, inspectChain, type StoredEntry } from './chain.js';

/**
 * The head of one authority's chain at one moment, signed, kept outside the database (a file and the
 * data-protection officers' mailboxes). A chain that no longer holds this seq with this hash was cut
 * or rewritten after the checkpoint.
 */
export interface Checkpoint {
  readonly authorityId: string;
  /** The authority's slug, for people reading the line. */
  readonly authority: string;
  readonly seq: number;
  readonly hash: string;
  /** When the head entry was written. */
  readonly entryAt: string;
  /** When the checkpoint was made. */
  readonly at: string;
}

const VERSION = 'audit-checkpoint-1';
const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_LINE = 2048;

function body(checkpoint: Checkpoint, keyId: string): Record<string, unknown> {
  return {
    v: VERSION,
    keyId,
    authorityId: checkpoint.authorityId,
    authority: checkpoint.authority,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    entryAt: checkpoint.entryAt,
    at: checkpoint.at,
  };
}

/** One JSON line (without the line break): the checkpoint, the key's id and an Ed25519 signature over both. */
export function signCheckpoint(checkpoint: Checkpoint, keys: { signing: KeyObject; keyId: string }): string {
  const signed = body(checkpoint, keys.keyId);
  const sig = sign(null, Buffer.from(canonicalJson(signed), 'utf8'), keys.signing).toString('base64url');
  return JSON.stringify({ ...signed, sig });
}

export type CheckpointLine =
  | { readonly ok: true; readonly checkpoint: Checkpoint }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknownKey' | 'badSignature' };

function shapeOf(value: unknown): (Checkpoint & { v: string; keyId: string; sig: string }) | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const strings = ['v', 'keyId', 'authorityId', 'authority', 'hash', 'entryAt', 'at', 'sig'];
  if (!strings.every((k) => typeof v[k] === 'string')) return null;
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) return null;
  if (!HEX64.test(v.hash as string) || !UUID.test(v.authorityId as string)) return null;
  return v as unknown as Checkpoint & { v: string; keyId: string; sig: string };
}

/** Reads and checks one line of the checkpoint file (or of a mail): the checkpoint only with a valid signature. */
export function readCheckpointLine(line: string, keys: { publicKey: KeyObject; keyId: string }): CheckpointLine {
  if (line.length > MAX_LINE) return { ok: false, reason: 'malformed' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const shape = shapeOf(parsed);
  if (!shape || shape.v !== VERSION) return { ok: false, reason: 'malformed' };
  if (shape.keyId !== keys.keyId) return { ok: false, reason: 'unknownKey' };
  const checkpoint: Checkpoint = {
    authorityId: shape.authorityId,
    authority: shape.authority,
    seq: shape.seq,
    hash: shape.hash,
    entryAt: shape.entryAt,
    at: shape.at,
  };
  const signed = Buffer.from(canonicalJson(body(checkpoint, shape.keyId)), 'utf8');
  if (!verify(null, signed, keys.publicKey, Buffer.from(shape.sig, 'base64url')))
    return { ok: false, reason: 'badSignature' };
  return { ok: true, checkpoint };
}

/** What the checkpoints say about one authority's chain. */
export type AnchorFinding =
  /** The chain ends at `last` (0: no entries), but a checkpoint saw entry `checkpoint.seq`: the newest entries were cut. */
  | { readonly kind: 'cut'; readonly last: number; readonly checkpoint: Checkpoint }
  /**
   * The entry at the checkpoint's seq has another hash (it, or an entry before it, was rewritten),
   * or is gone (`entry` null) while later ones remain.
   */
  | { readonly kind: 'diverged'; readonly entry: StoredEntry | null; readonly checkpoint: Checkpoint };

/**
 * Checks one authority's chain (sorted by seq; it may start after seq 1) against its valid
 * checkpoints: the chain must reach the newest one, and hold each one's hash at its seq. Names the
 * newest checkpoint a cut reaches behind, and the oldest one a rewrite contradicts (the damage lies
 * at or before its seq).
 */
export function anchorFindings(chain: readonly StoredEntry[], checkpoints: readonly Checkpoint[]): AnchorFinding[] {
  const bySeq = new Map(chain.map((e) => [e.seq, e]));
  const last = chain.at(-1)?.seq ?? 0;
  const sorted = [...checkpoints].sort((a, b) => a.seq - b.seq);
  const findings: AnchorFinding[] = [];
  const diverged = sorted.find((c) => c.seq <= last && bySeq.get(c.seq)?.hash !== c.hash);
  if (diverged) findings.push({ kind: 'diverged', entry: bySeq.get(diverged.seq) ?? null, checkpoint: diverged });
  const newest = sorted.at(-1);
  if (newest && newest.seq > last) findings.push({ kind: 'cut', last, checkpoint: newest });
  return findings;
}

/**
 * What is wrong with the entries from the last checkpoint on (`stretch`, sorted, starting at its
 * seq): the checkpointed entry must be there unchanged, and every later entry sealed and in order.
 * Without a checkpoint the stretch is the whole chain.
 */
export function damageSince(
  stretch: readonly StoredEntry[],
  last: Checkpoint | undefined,
  key: Buffer,
): (Finding | AnchorFinding)[] {
  if (!last) return inspectChain(stretch, key);
  // The checkpointed entry's own seal is checked too (its hash may be intact while its content is not).
  const anchor = stretch.find((e) => e.seq === last.seq);
  const start = anchor ? { seq: last.seq - 1, hash: anchor.prevHash } : { seq: last.seq, hash: last.hash };
  return [
    ...anchorFindings(stretch, [last]),
    ...inspectChain(
      stretch.filter((e) => e.seq >= last.seq),
      key,
      start,
    ),
  ];
}
