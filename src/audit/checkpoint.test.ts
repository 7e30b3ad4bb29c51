import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { auditKeysFrom } from './audit-keys.js';
import { GENESIS_HASH, keyedHash, type StoredEntry } from './chain.js';
import { anchorFindings, type Checkpoint, damageSince, readCheckpointLine, signCheckpoint } from './checkpoint.js';
import { appendCheckpointLine, loadCheckpoints, newestByAuthority, readCheckpointLines } from './checkpoint-file.js';

const keys = auditKeysFrom(Buffer.alloc(32, 3).toString('base64'));
const AUTHORITY = '00000000-0000-4000-8000-000000000001';

function chainOf(length: number): StoredEntry[] {
  const chain: StoredEntry[] = [];
  for (let i = 0; i < length; i++) {
    const prevHash = chain[i - 1]?.hash ?? GENESIS_HASH;
    const entry = {
      authorityId: AUTHORITY,
      seq: i + 1,
      at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      actorId: null,
      actorLabel: 'system',
      action: 'staff.login',
      objectType: null,
      objectId: null,
      ip: '',
      details: {},
    };
    chain.push({ ...entry, id: i + 1, scheme: 'hmac', prevHash, hash: keyedHash(keys.chain, prevHash, entry) });
  }
  return chain;
}

function checkpointAt(chain: readonly StoredEntry[], seq: number): Checkpoint {
  const entry = chain[seq - 1]!;
  return { authorityId: AUTHORITY, authority: 'musterstadt', seq, hash: entry.hash, entryAt: entry.at, at: entry.at };
}

test('the audit keys are derived from the installation key: the same key gives the same keys, another key others', () => {
  const again = auditKeysFrom(Buffer.alloc(32, 3).toString('base64'));
  const other = auditKeysFrom(Buffer.alloc(32, 4).toString('base64'));
  assert.deepEqual(again.chain, keys.chain);
  assert.equal(again.keyId, keys.keyId);
  assert.notDeepEqual(other.chain, keys.chain);
  assert.notEqual(other.keyId, keys.keyId);
  assert.match(keys.publicKeyPem, /BEGIN PUBLIC KEY/);
});

test('a signed checkpoint reads back; any change to a field, or another key, is refused', () => {
  const checkpoint = checkpointAt(chainOf(3), 3);
  const line = signCheckpoint(checkpoint, keys);
  assert.ok(!line.includes('\n'));
  assert.deepEqual(readCheckpointLine(line, keys), { ok: true, checkpoint });
  const fields = fc.constantFrom('authority', 'seq', 'hash', 'entryAt', 'at', 'authorityId');
  fc.assert(
    fc.property(fields, (field) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const changed = {
        ...parsed,
        [field]:
          field === 'seq'
            ? 2
            : field === 'hash'
              ? 'f'.repeat(64)
              : field === 'authorityId'
                ? '00000000-0000-4000-8000-000000000002'
                : `${String(parsed[field])}x`,
      };
      assert.deepEqual(readCheckpointLine(JSON.stringify(changed), keys), { ok: false, reason: 'badSignature' });
    }),
  );
  const other = auditKeysFrom(randomBytes(32).toString('base64'));
  assert.deepEqual(readCheckpointLine(signCheckpoint(checkpoint, other), keys), { ok: false, reason: 'unknownKey' });
  // Signed with another key but claiming ours: the signature does not hold.
  const claimed = { ...JSON.parse(signCheckpoint(checkpoint, other)), keyId: keys.keyId };
  assert.deepEqual(readCheckpointLine(JSON.stringify(claimed), keys), { ok: false, reason: 'badSignature' });
  for (const junk of ['', 'not json', '[]', '{}', JSON.stringify({ ...JSON.parse(line), seq: 0 }), 'x'.repeat(5000)])
    assert.deepEqual(readCheckpointLine(junk, keys), { ok: false, reason: 'malformed' });
});

test('a chain that holds its checkpoints has no anchor finding', () => {
  const chain = chainOf(6);
  assert.deepEqual(anchorFindings(chain, [checkpointAt(chain, 2), checkpointAt(chain, 6)]), []);
  assert.deepEqual(anchorFindings(chain, []), []);
});

test('a chain cut behind its newest checkpoint is named, with where it ends and what the checkpoint saw', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 }), fc.nat(), (length, pick) => {
      const chain = chainOf(length);
      const cutTo = pick % length; // entries after `cutTo` deleted (0: all of them)
      const newest = checkpointAt(chain, length);
      const findings = anchorFindings(chain.slice(0, cutTo), [checkpointAt(chain, 1), newest]);
      assert.deepEqual(findings.at(-1), { kind: 'cut', last: cutTo, checkpoint: newest });
    }),
  );
});

test('a rewritten chain differs from the oldest checkpoint it contradicts; a missing checkpointed entry too', () => {
  const chain = chainOf(6);
  const rewritten = chain.map((e) => (e.seq >= 3 ? { ...e, hash: e.hash.replace(/^./, 'x') } : e));
  const findings = anchorFindings(rewritten, [checkpointAt(chain, 2), checkpointAt(chain, 4), checkpointAt(chain, 6)]);
  assert.deepEqual(findings, [{ kind: 'diverged', entry: rewritten[3], checkpoint: checkpointAt(chain, 4) }]);
  const gone = anchorFindings(
    chain.filter((e) => e.seq !== 4),
    [checkpointAt(chain, 4)],
  );
  assert.deepEqual(gone, [{ kind: 'diverged', entry: null, checkpoint: checkpointAt(chain, 4) }]);
});

test('the stretch since the last checkpoint: intact, cut, the checkpointed entry changed, a later one deleted', () => {
  const chain = chainOf(6);
  const last = checkpointAt(chain, 3);
  assert.deepEqual(damageSince(chain.slice(2), last, keys.chain), []);
  assert.deepEqual(damageSince([], last, keys.chain), [{ kind: 'cut', last: 0, checkpoint: last }]);
  const changed = [{ ...chain[2]!, actorLabel: 'x' }, ...chain.slice(3)];
  const kinds = (found: ReturnType<typeof damageSince>) =>
    found.map((f) => ('problem' in f ? [f.seq, f.problem.kind] : [f.kind]));
  assert.deepEqual(kinds(damageSince(changed, last, keys.chain)), [[3, 'altered']]);
  assert.deepEqual(kinds(damageSince(chain.slice(2), { ...last, hash: 'f'.repeat(64) }, keys.chain)), [['diverged']]);
  assert.deepEqual(kinds(damageSince([...chain.slice(2, 4), ...chain.slice(5)], last, keys.chain)), [[6, 'missing']]);
  assert.deepEqual(damageSince(chain, undefined, keys.chain), []);
});

test('the checkpoint file: appended line by line, mode 600, read back with forged lines named', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'audit-checkpoints-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'nested', 'audit-checkpoints.jsonl');
  const chain = chainOf(5);
  assert.deepEqual(await readCheckpointLines(file), []);
  await appendCheckpointLine(file, signCheckpoint(checkpointAt(chain, 2), keys));
  await appendCheckpointLine(file, signCheckpoint(checkpointAt(chain, 5), keys));
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  await assert.rejects(appendCheckpointLine(file, 'two\nlines'), /one line/);
  const forged = { ...JSON.parse(signCheckpoint(checkpointAt(chain, 5), keys)), seq: 4 };
  await appendCheckpointLine(file, JSON.stringify(forged));
  const mailed = path.join(dir, 'from-mail.jsonl');
  await writeFile(mailed, `\n${signCheckpoint(checkpointAt(chain, 3), keys)}\nnot a checkpoint\n`);
  const loaded = await loadCheckpoints([file, mailed, path.join(dir, 'missing.jsonl')], keys);
  assert.deepEqual(
    loaded.valid.map((c) => c.seq),
    [2, 5, 3],
  );
  assert.deepEqual(loaded.bad, [
    { file, line: 3, reason: 'badSignature' },
    { file: mailed, line: 3, reason: 'malformed' },
  ]);
  assert.equal(newestByAuthority(loaded.valid).get(AUTHORITY)?.seq, 5);
});
