import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, entryHash, firstBreak, GENESIS_HASH, type StoredEntry } from './chain.js';

function chainOf(actions: string[]): StoredEntry[] {
  const chain: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  actions.forEach((action, i) => {
    const entry = {
      authorityId: '00000000-0000-4000-8000-000000000001',
      seq: i + 1,
      at: new Date(1_700_000_000_000 + i).toISOString(),
      actorId: null,
      actorLabel: 'system',
      action,
      objectType: null,
      objectId: null,
      ip: '127.0.0.1',
      details: { n: i, nested: { b: 1, a: [1, 'x'] } },
    };
    const hash = entryHash(prev, entry);
    chain.push({ ...entry, id: i + 100, prevHash: prev, hash });
    prev = hash;
  });
  return chain;
}

test('canonical JSON does not depend on key order', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
    canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
  );
});

test('an intact chain has no break', () => {
  assert.equal(firstBreak(chainOf(['staff.login', 'staff.invite', 'case.view'])), null);
  assert.equal(firstBreak([]), null);
});

test('any change, removal or reordering is found at the first entry it affects', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.nat(),
      fc.constantFrom('edit', 'delete', 'swap', 'relink'),
      (length, pick, how) => {
        const chain = chainOf(Array.from({ length }, (_, i) => `staff.action_${i}`));
        const at = pick % (length - 1);
        let broken: StoredEntry[];
        if (how === 'edit') broken = chain.map((e, i) => (i === at ? { ...e, actorLabel: 'someone else' } : e));
        else if (how === 'delete') broken = chain.filter((_, i) => i !== at);
        else if (how === 'swap')
          broken = chain.map((e, i) => (i === at ? chain[at + 1]! : i === at + 1 ? chain[at]! : e));
        else broken = chain.map((e, i) => (i === at ? { ...e, prevHash: GENESIS_HASH.replace(/^0/, '1') } : e));
        const found = firstBreak(broken);
        assert.ok(found, `${how} at ${at} not found`);
        assert.equal(found.seq, how === 'edit' || how === 'relink' ? at + 1 : broken[at]!.seq);
      },
    ),
  );
});
