import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashPassword } from '../src/identity/passwords.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { signedInStaff } from './helpers/staff.js';

/**
 * A failed sign-in for an address without an account is in the audit trail, under a keyed hash
 * of the address (never the address), while the person signing in sees exactly what a wrong
 * password of a real account shows, after about as long. And what the hostile-input test found
 * on the way: a double click on a role change was a 500.
 */

let app: TestApp;
let authorityId: string;
before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
  authorityId = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
});
after(async () => {
  await app?.close();
});

let knownHash: Promise<string> | undefined;

/** An active account (one password hash for all of them: hashing is what takes the time). */
async function account(email: string): Promise<void> {
  knownHash ??= hashPassword('Der richtige lange Satz zum Anmelden');
  await app.db.owner.query(
    `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash)
     VALUES ($1, $2, 'Known', 'active', $3)`,
    [authorityId, email, await knownHash],
  );
}

/** One wrong sign-in: status, the page with the typed address and form token taken out, and its time. */
async function wrongSignIn(email: string): Promise<{ status: number; page: string; ms: number }> {
  const client = new Client(app.base);
  const form = await client.get('/staff/login');
  const started = performance.now();
  const answer = await client.post('/staff/login', {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(form.html)![1]!,
    email,
    password: 'ganz sicher das falsche Passwort',
  });
  const ms = performance.now() - started;
  return {
    status: answer.status,
    page: answer.html.replaceAll(email, 'ADDRESS').replace(/value="[A-Za-z0-9_-]{20,}"/g, 'value="TOKEN"'),
    ms,
  };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

test('an unknown address is audited under a keyed hash; the answer and its time match a wrong password', async () => {
  const rounds = 6;
  const known: { status: number; page: string; ms: number }[] = [];
  const unknown: { status: number; page: string; ms: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    // A fresh address each time: no count reaches the lock, so every attempt evaluates a hash.
    await account(`known-${i}@musterstadt.example`);
    known.push(await wrongSignIn(`known-${i}@musterstadt.example`));
    unknown.push(await wrongSignIn(`stranger-${i}@elsewhere.example`));
  }
  assert.deepEqual(new Set(unknown.map((a) => a.status)), new Set([401]));
  assert.deepEqual(new Set(known.map((a) => a.status)), new Set([401]));
  assert.equal(unknown[0]!.page, known[0]!.page, 'the same page for both');

  const { rows } = await app.db.owner.query<{
    action: string;
    actor_label: string;
    object_type: string;
    object_id: string;
    details: Record<string, unknown>;
    ip: string;
  }>(
    `SELECT action, actor_label, object_type, object_id, details, ip FROM audit_log
      WHERE authority_id = $1 AND object_type = 'sign_in_address' ORDER BY seq`,
    [authorityId],
  );
  assert.equal(rows.length, rounds, 'one entry per failed sign-in of an unknown address');
  assert.equal(new Set(rows.map((r) => r.object_id)).size, rounds, 'each address its own hash');
  for (const row of rows) {
    assert.equal(row.action, 'staff.login_failed');
    assert.equal(row.actor_label, 'public');
    assert.match(row.object_id, /^[0-9a-f]{32}$/);
    assert.deepEqual(row.details, { failed: 1, locked: false, account: false });
    assert.ok(row.ip.length > 0, 'the client address is kept, as for every sign-in');
    assert.ok(!JSON.stringify(row).includes('stranger'), 'the address itself is nowhere in the entry');
  }

  // The same address again: the same hash, and the count goes on (an admin sees repeated tries).
  await wrongSignIn('stranger-0@elsewhere.example');
  const again = await app.db.owner.query<{ object_id: string; details: { failed: number } }>(
    `SELECT object_id, details FROM audit_log WHERE object_type = 'sign_in_address' ORDER BY seq DESC LIMIT 1`,
  );
  assert.equal(again.rows[0]!.object_id, rows[0]!.object_id);
  assert.equal(again.rows[0]!.details.failed, 2);

  // Both evaluate one password hash and write one audit entry: the medians stay close.
  const knownMs = median(known.map((a) => a.ms));
  const unknownMs = median(unknown.map((a) => a.ms));
  console.log(
    `sign-in answer, median of ${rounds}: wrong password ${knownMs.toFixed(1)} ms, unknown address ${unknownMs.toFixed(1)} ms`,
  );
  assert.ok(unknownMs > knownMs * 0.5 && unknownMs < knownMs * 2, `${unknownMs} ms against ${knownMs} ms`);
});

test('a locked unknown address is refused like a locked account, and the refusal is audited', async () => {
  const email = 'locked-stranger@elsewhere.example';
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await wrongSignIn(email));
  assert.deepEqual(
    answers.map((a) => a.status),
    [401, 401, 401, 401, 429, 429],
  );
  const { rows } = await app.db.owner.query<{ action: string; details: Record<string, unknown> }>(
    `SELECT action, details FROM audit_log WHERE object_type = 'sign_in_address' ORDER BY seq DESC LIMIT 2`,
  );
  assert.deepEqual(
    rows.map((r) => r.action),
    ['staff.login_refused', 'staff.login_failed'],
  );
  assert.deepEqual(rows[0]!.details, { reason: 'locked', account: false });
});

test('a role change sent several times at once (a double click) is applied once after another, never a 500', async () => {
  const { client } = await signedInStaff(app, 'hardening-admin@musterstadt.example', 'authority_admin');
  const { id } = await signedInStaff(app, 'hardening-target@musterstadt.example', 'caseworker');
  const csrf = csrfIn((await client.get(`/staff/admin/staff/${id}`)).html);
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      client.post(`/staff/admin/staff/${id}/roles`, {
        _csrf: csrf,
        roles: i % 2 ? ['caseworker'] : ['caseworker', 'team_lead'],
      }),
    ),
  );
  assert.deepEqual(
    answers.map((a) => a.status),
    Array(8).fill(303),
  );
  const { rows } = await app.db.owner.query<{ role: string }>('SELECT role FROM staff_roles WHERE user_id = $1', [id]);
  assert.ok(rows.length === 1 || rows.length === 2, `one of the sent sets of roles, got ${rows.length}`);
});
