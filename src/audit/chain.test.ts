import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type AuditEntry,
  canonicalJson,
  GENESIS_HASH,
  inspectChain,
  keyedCoverage,
  keyedHash,
  type Scheme,
  type StoredEntry,
  unkeyedHash,
} from './chain.js';

const KEY = Buffer.alloc(32, 7);

/** A chain of `unkeyed` plain SHA-256 entries (written before the upgrade), then `keyed` HMAC entries. */
function chainOf(unkeyed: number, keyed: number): StoredEntry[] {
  const chain: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < unkeyed + keyed; i++) {
    const entry: AuditEntry = {
      authorityId: '00000000-0000-4000-8000-000000000001',
      seq: i + 1,
      at: new Date(1_700_000_000_000 + i).toISOString(),
      actorId: null,
      actorLabel: 'system',
      action: `staff.action_${i}`,
      objectType: null,
      objectId: null,
      ip: '127.0.0.1',
      details: { n: i, nested: { b: 1, a: [1, 'x'] } },
    };
    const scheme: Scheme = i < unkeyed ? 'sha256' : 'hmac';
    const hash = scheme === 'hmac' ? keyedHash(KEY, prev, entry) : unkeyedHash(prev, entry);
    chain.push({ ...entry, id: i + 100, scheme, prevHash: prev, hash });
    prev = hash;
  }
  return chain;
}

const kinds = (chain: readonly StoredEntry[], key = KEY) =>
  inspectChain(chain, key).map((f) => [f.seq, f.problem.kind]);

/** Two entries exchange their numbers (an UPDATE of seq), and the chain is read in seq order again. */
function swapSeqs(chain: readonly StoredEntry[], i: number, j: number): StoredEntry[] {
  const a = chain[i]!;
  const b = chain[j]!;
  return chain
    .map((e) => (e === a ? { ...e, seq: b.seq } : e === b ? { ...e, seq: a.seq } : e))
    .sort((x, y) => x.seq - y.seq);
}

/** What someone with the database but not the key does to hide an edit: recompute every later hash, unkeyed. */
function rehashFrom(chain: readonly StoredEntry[], from: number): StoredEntry[] {
  const out: StoredEntry[] = [];
  for (const [i, e] of chain.entries()) {
    if (i < from) out.push(e);
    else {
      const prevHash = out[i - 1]?.hash ?? GENESIS_HASH;
      out.push({ ...e, prevHash, hash: unkeyedHash(prevHash, e) });
    }
  }
  return out;
}

const chains = fc
  .record({ unkeyed: fc.integer({ min: 0, max: 4 }), keyed: fc.integer({ min: 1, max: 10 }) })
  .filter(({ unkeyed, keyed }) => unkeyed + keyed >= 3);

test('canonical JSON does not depend on key order', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
    canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
  );
});

test('an intact chain, unkeyed then keyed, has no finding; its coverage is counted', () => {
  fc.assert(
    fc.property(chains, ({ unkeyed, keyed }) => {
      const chain = chainOf(unkeyed, keyed);
      assert.deepEqual(inspectChain(chain, KEY), []);
      assert.deepEqual(keyedCoverage(chain), { unkeyed, firstKeyed: unkeyed + 1 });
    }),
  );
  assert.deepEqual(inspectChain([], KEY), []);
  assert.deepEqual(keyedCoverage(chainOf(3, 0)), { unkeyed: 3, firstKeyed: null });
});

test('the keyed hash needs the key: under another key every keyed entry is named, the unkeyed ones are not', () => {
  const chain = chainOf(2, 3);
  assert.deepEqual(kinds(chain, randomBytes(32)), [
    [3, 'altered'],
    [4, 'altered'],
    [5, 'altered'],
  ]);
});

test('an edited entry is named, also when every later hash is recomputed the unkeyed way', () => {
  fc.assert(
    fc.property(chains, fc.nat(), fc.boolean(), ({ unkeyed, keyed }, pick, rehash) => {
      const chain = chainOf(unkeyed, keyed);
      const at = pick % chain.length;
      const edited = chain.map((e, i) => (i === at ? { ...e, actorLabel: 'someone else' } : e));
      const findings = inspectChain(rehash ? rehashFrom(edited, at) : edited, KEY);
      if (!rehash) return assert.deepEqual(kinds(edited), [[at + 1, 'altered']]);
      // Recomputed unkeyed hashes hold for the unkeyed entries; the first keyed entry's seal does not.
      const named = Math.max(at, unkeyed);
      assert.equal(findings[0]?.seq, named + 1);
      assert.equal(findings[0]?.id, chain[named]!.id);
      assert.equal(findings[0]?.problem.kind, 'rehashed');
    }),
  );
});

test('an entry deleted in the middle is named by the entry after the gap', () => {
  fc.assert(
    fc.property(chains, fc.nat(), ({ unkeyed, keyed }, pick) => {
      const chain = chainOf(unkeyed, keyed);
      const at = pick % (chain.length - 1);
      const findings = inspectChain(
        chain.filter((_, i) => i !== at),
        KEY,
      );
      assert.deepEqual(findings, [
        {
          id: chain[at + 1]!.id,
          seq: at + 2,
          at: chain[at + 1]!.at,
          action: chain[at + 1]!.action,
          problem: { kind: 'missing', from: at + 1, to: at + 1 },
        },
      ]);
    }),
  );
});

test('two entries swapped are both named, with the number each was written as', () => {
  fc.assert(
    fc.property(chains, fc.nat(), fc.nat(), ({ unkeyed, keyed }, p1, p2) => {
      const chain = chainOf(unkeyed, keyed);
      const i = p1 % (chain.length - 1);
      const j = i + 1 + (p2 % (chain.length - 1 - i));
      const findings = inspectChain(swapSeqs(chain, i, j), KEY);
      assert.deepEqual(findings[0]?.problem, { kind: 'moved', was: j + 1 });
      assert.equal(findings[0]?.seq, i + 1);
      assert.equal(findings[0]?.id, chain[j]!.id);
      assert.ok(findings.some((f) => f.id === chain[i]!.id && f.problem.kind === 'moved' && f.problem.was === i + 1));
    }),
  );
});

test('an entry inserted (later ones renumbered) is named as inserted, the renumbered ones as moved', () => {
  fc.assert(
    fc.property(chains, fc.nat(), fc.boolean(), ({ unkeyed, keyed }, pick, unkeyedForgery) => {
      const chain = chainOf(unkeyed, keyed);
      const at = pick % chain.length;
      const prevHash = chain[at - 1]?.hash ?? GENESIS_HASH;
      const content: AuditEntry = { ...chain[at]!, seq: at + 1, action: 'staff.forged', details: {} };
      const forged: StoredEntry = {
        ...content,
        id: 999,
        scheme: 'hmac',
        prevHash,
        hash: unkeyedForgery ? unkeyedHash(prevHash, content) : keyedHash(randomBytes(32), prevHash, content),
      };
      const tampered = [...chain.slice(0, at), forged, ...chain.slice(at).map((e) => ({ ...e, seq: e.seq + 1 }))];
      const findings = inspectChain(tampered, KEY);
      assert.deepEqual(findings[0], {
        id: 999,
        seq: at + 1,
        at: forged.at,
        action: 'staff.forged',
        problem: { kind: 'inserted' },
      });
      assert.deepEqual(
        findings.slice(1).map((f) => f.problem),
        chain.slice(at).map((e) => ({ kind: 'moved', was: e.seq })),
      );
    }),
  );
});

test('an entry appended without the key, or an unkeyed one after keyed ones, is named', () => {
  const chain = chainOf(1, 3);
  const last = chain.at(-1)!;
  const content: AuditEntry = { ...last, seq: last.seq + 1, action: 'staff.forged' };
  const forged = { ...content, id: 999, prevHash: last.hash };
  assert.deepEqual(kinds([...chain, { ...forged, scheme: 'hmac', hash: unkeyedHash(last.hash, content) }]), [
    [5, 'rehashed'],
  ]);
  assert.deepEqual(kinds([...chain, { ...forged, scheme: 'sha256', hash: unkeyedHash(last.hash, content) }]), [
    [5, 'downgraded'],
  ]);
});

test('a stretch checked from a checkpointed entry on starts there', () => {
  const chain = chainOf(0, 6);
  const start = { seq: 3, hash: chain[2]!.hash };
  assert.deepEqual(inspectChain(chain.slice(3), KEY, start), []);
  assert.deepEqual(
    inspectChain(chain.slice(4), KEY, start).map((f) => f.problem),
    [{ kind: 'missing', from: 4, to: 4 }],
  );
});
