/**
 * The audit trail against someone who holds the database but not the installation key: entries
 * written through the app, then tampered with in SQL as the database owner, and `npm run
 * audit:verify` (the real script, against DATABASE_URL) must name the entry and what is wrong.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keyedHash, type StoredEntry, unkeyedHash } from '../src/audit/chain.js';
import { readChain } from '../src/audit/read-chain.js';
import { AUDIT_CHECKPOINT_JOB, writeCheckpoints } from '../src/audit/write-checkpoints.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import type { Client } from './helpers/client.js';
import { type Mailbox, startMailbox } from './helpers/mailbox.js';
import { signedInStaff } from './helpers/staff.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DPO = 'dsb@musterstadt.example';
let app: TestApp;
let mailbox: Mailbox;
let dpo: Client;
let authorityId: string;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  authorityId = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  dpo = (await signedInStaff(app, DPO, 'data_protection_officer')).client;
  // Entries written by the app itself: each search of the trail is recorded.
  for (const q of ['staff', 'login', 'case', 'audit', 'invited', 'x', 'y', 'z'])
    assert.equal((await dpo.get(`/staff/audit?q=${q}`)).status, 200);
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const owner = () => app.db.owner;
const chain = () => readChain(owner(), authorityId);

/** `npm run audit:verify` as an operator runs it, against this test's database and checkpoint file. */
function verifyCli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit-verify.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: app.config.databaseUrl,
          DATA_DIR: app.config.dataDir,
          AUDIT_CHECKPOINT_FILE: app.audit.checkpointFile,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    );
  });
}

/** The line naming an entry: authority, seq, id, time, action. */
const named = (e: StoredEntry) => `musterstadt: Entry ${e.seq} (id ${e.id}, ${e.at}, ${e.action}): `;

async function setHashes(entries: readonly StoredEntry[]): Promise<void> {
  for (const e of entries)
    await owner().query('UPDATE audit_log SET prev_hash = $1, hash = $2, scheme = $3 WHERE id = $4', [
      e.prevHash,
      e.hash,
      e.scheme,
      e.id,
    ]);
}

/** Gives the trail back as it was before a tampering, so that each case starts from an intact chain. */
async function restoring(tamper: () => Promise<void>, check: () => Promise<void>): Promise<void> {
  await owner().query('CREATE TABLE audit_backup AS SELECT * FROM audit_log WHERE authority_id = $1', [authorityId]);
  try {
    await tamper();
    await check();
  } finally {
    await owner().query('DELETE FROM audit_log WHERE authority_id = $1', [authorityId]);
    await owner().query('INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM audit_backup');
    await owner().query('DROP TABLE audit_backup');
  }
}

/** Moves entries after `seq` by `by` places (two steps, past the unique index on (authority, seq)). */
async function renumberAfter(seq: number, by: number): Promise<void> {
  await owner().query('UPDATE audit_log SET seq = -seq WHERE authority_id = $1 AND seq > $2', [authorityId, seq]);
  await owner().query('UPDATE audit_log SET seq = -seq + $2 WHERE authority_id = $1 AND seq < 0', [authorityId, by]);
}

describe('audit trail against a database owner without the key', () => {
  test('an installation upgraded from the unkeyed chain: old entries stay unkeyed, counted, and intact', async () => {
    // As an installation before the keyed chain had it: the first four entries plain SHA-256, and
    // the first keyed entry after them sealed over the last unkeyed hash.
    const entries = await chain();
    const upgraded: StoredEntry[] = [];
    for (const [i, e] of entries.entries()) {
      const prevHash = upgraded[i - 1]?.hash ?? e.prevHash;
      const scheme = i < 4 ? 'sha256' : 'hmac';
      const hash = scheme === 'hmac' ? keyedHash(app.audit.keys.chain, prevHash, e) : unkeyedHash(prevHash, e);
      upgraded.push({ ...e, scheme, prevHash, hash });
    }
    await setHashes(upgraded);
    const { code, out } = await verifyCli();
    assert.equal(code, 0, out);
    assert.match(
      out,
      /musterstadt: intact; \d+ entries; 4 written before the keyed chain \(plain SHA-256\), held by keyed entry 5/,
    );
    assert.match(out, /no checkpoint yet/);
    assert.match(out, /audit trail intact/);
  });

  test('a checkpoint is signed, appended to the file and mailed to the data-protection officer', async () => {
    const head = (await chain()).at(-1)!;
    const outcomes = await writeCheckpoints(app.audit);
    assert.deepEqual(
      outcomes.map((o) => [o.authority, o.kind]),
      [['musterstadt', 'written']],
    );
    const lines = (await readFile(app.audit.checkpointFile, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as { seq: number; hash: string; authority: string };
    assert.deepEqual([line.authority, line.seq, line.hash], ['musterstadt', head.seq, head.hash]);
    const mail = await mailbox.waitFor((m) => m.to.includes(DPO) && m.subject.includes('Prüfpunkt'));
    assert.ok(mail.text.includes(lines[0]!), 'the mail carries the signed line');
    assert.ok(mail.text.includes(app.audit.keys.publicKeyPem.trim()), 'and the public key to check it');
    // Nothing new since: the hourly run leaves the file alone.
    assert.deepEqual(
      (await writeCheckpoints(app.audit)).map((o) => o.kind),
      ['unchanged'],
    );
    const { code, out } = await verifyCli();
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`last checkpoint: entry ${head.seq} at`));
  });

  test('the scheduled job writes a checkpoint when the head has moved', async () => {
    assert.equal((await dpo.get('/staff/audit?q=job')).status, 200);
    const head = (await chain()).at(-1)!;
    await app.jobs.runNow(AUDIT_CHECKPOINT_JOB);
    // The job's mail to the officer is sent after the line is appended.
    await mailbox.waitFor((m) => m.to.includes(DPO) && m.subject.endsWith(`Eintrag ${head.seq}`), 15_000);
    const lines = (await readFile(app.audit.checkpointFile, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2, 'the job appended one line');
    assert.equal((JSON.parse(lines[1]!) as { seq: number }).seq, head.seq);
  });

  test('an edited entry is named, though every later hash was recomputed the unkeyed way', async () => {
    const before = await chain();
    const target = before[6]!;
    await restoring(
      async () => {
        await owner().query(`UPDATE audit_log SET details = '{"q":"nothing to see"}' WHERE id = $1`, [target.id]);
        const rehashed: StoredEntry[] = [];
        for (const e of (await chain()).slice(6)) {
          const prevHash = rehashed.at(-1)?.hash ?? e.prevHash;
          rehashed.push({ ...e, prevHash, hash: unkeyedHash(prevHash, e) });
        }
        await setHashes(rehashed);
      },
      async () => {
        const { code, out } = await verifyCli();
        assert.equal(code, 1, out);
        assert.ok(out.includes(`${named(target)}Its content was changed and its hash recomputed without the key`), out);
        // The checkpoint holds the old head: the rewrite is seen there too.
        assert.match(out, /differs from the checkpoint of/);
        // The hourly checkpoint refuses to sign the damage and tells the officer.
        const lines = await readFile(app.audit.checkpointFile, 'utf8');
        assert.deepEqual(
          (await writeCheckpoints(app.audit)).map((o) => o.kind),
          ['refused'],
        );
        assert.equal(await readFile(app.audit.checkpointFile, 'utf8'), lines);
        const alarm = await mailbox.waitFor((m) => m.to.includes(DPO) && m.subject.includes('beschädigt'));
        // It checks what came since its last checkpoint: that entry no longer has the hash it signed.
        const head = before.at(-1)!;
        assert.ok(alarm.text.includes(`Eintrag ${head.seq} weicht vom Prüfpunkt`), alarm.text);
      },
    );
  });

  test('an inserted entry is named as put into the chain', async () => {
    const before = await chain();
    const after = before[4]!;
    let forgedId = 0;
    await restoring(
      async () => {
        await renumberAfter(after.seq, 1);
        const content = { ...after, seq: after.seq + 1, action: 'case.viewed', details: {} };
        forgedId = (
          await owner().query<{ id: string }>(
            `INSERT INTO audit_log (authority_id, seq, at, actor_id, actor_label, action, object_type, object_id, ip, details, prev_hash, hash, scheme)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{}', $10, $11, 'hmac') RETURNING id`,
            [
              authorityId,
              content.seq,
              content.at,
              content.actorId,
              content.actorLabel,
              content.action,
              content.objectType,
              content.objectId,
              content.ip,
              after.hash,
              unkeyedHash(after.hash, content),
            ],
          )
        ).rows[0]!.id as unknown as number;
      },
      async () => {
        const { code, out } = await verifyCli();
        assert.equal(code, 1, out);
        const forged = (await chain()).find((e) => e.id === Number(forgedId))!;
        assert.ok(out.includes(`${named(forged)}It was put into the chain`), out);
        assert.ok(
          out.includes(`${named({ ...before[5]!, seq: before[5]!.seq + 1 })}It was written as entry ${before[5]!.seq}`),
          out,
        );
      },
    );
  });

  test('an entry deleted in the middle is named by the entry after the gap', async () => {
    const before = await chain();
    const gone = before[5]!;
    await restoring(
      () =>
        owner()
          .query('DELETE FROM audit_log WHERE id = $1', [gone.id])
          .then(() => undefined),
      async () => {
        const { code, out } = await verifyCli();
        assert.equal(code, 1, out);
        assert.ok(out.includes(`${named(before[6]!)}Entry ${gone.seq} before it is missing: deleted.`), out);
      },
    );
  });

  test('two entries swapped are both named, each with the number it was written as', async () => {
    const before = await chain();
    const [a, b] = [before[3]!, before[4]!];
    await restoring(
      async () => {
        await owner().query('UPDATE audit_log SET seq = -seq WHERE id IN ($1, $2)', [a.id, b.id]);
        await owner().query('UPDATE audit_log SET seq = $2 WHERE id = $1', [a.id, b.seq]);
        await owner().query('UPDATE audit_log SET seq = $2 WHERE id = $1', [b.id, a.seq]);
      },
      async () => {
        const { code, out } = await verifyCli();
        assert.equal(code, 1, out);
        assert.ok(out.includes(`${named({ ...b, seq: a.seq })}It was written as entry ${b.seq}`), out);
        assert.ok(out.includes(`${named({ ...a, seq: b.seq })}It was written as entry ${a.seq}`), out);
      },
    );
  });

  test('the newest entries cut: the chain is shorter than the last checkpoint', async () => {
    const before = await chain();
    const checkpointed = before.at(-1)!;
    const keep = before.length - 3;
    await restoring(
      () =>
        owner()
          .query('DELETE FROM audit_log WHERE authority_id = $1 AND seq > $2', [authorityId, keep])
          .then(() => undefined),
      async () => {
        const { code, out } = await verifyCli();
        assert.equal(code, 1, out);
        assert.ok(
          out.includes(`The chain ends at entry ${keep}, but the checkpoint of`) &&
            out.includes(
              `held entry ${checkpointed.seq} (written ${checkpointed.at}): the newest entries were deleted`,
            ),
          out,
        );
      },
    );
  });

  test('a forged checkpoint line is named, in the file and in a file of lines from the mails', async () => {
    const file = app.audit.checkpointFile;
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const line = lines[0];
    const forged = JSON.stringify({ ...JSON.parse(line!), seq: 3 });
    const fromMail = path.join(path.dirname(file), `${path.basename(file)}.mail`);
    await appendFile(fromMail, `${line}\n${forged}\n`);
    let result = await verifyCli('--checkpoints', fromMail);
    assert.equal(result.code, 1, result.out);
    assert.ok(result.out.includes(`Line 2 of ${fromMail} is forged: its signature does not match.`), result.out);
    await appendFile(file, `${forged}\n`);
    result = await verifyCli();
    assert.equal(result.code, 1, result.out);
    assert.ok(result.out.includes(`Line ${lines.length + 1} of ${file} is forged`), result.out);
  });
});
