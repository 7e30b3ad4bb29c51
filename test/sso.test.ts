import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashPassword } from '../src/identity/passwords.js';
import { currentTotp } from '../src/identity/totp.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client } from './helpers/client.js';
import { signInAtProvider, startIdentityProvider, type TestIdentityProvider } from './helpers/oidc-provider.js';

let app: TestApp;
let idp: TestIdentityProvider;
const PASSWORD = 'Ein Admin mit langem Passwort';

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  idp = await startIdentityProvider(`${app.base.replace('127.0.0.1', 'localhost')}/staff/sso/callback`);
});
after(async () => {
  await app?.close();
  await idp?.close();
});

async function authorityId(): Promise<string> {
  return (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'")).rows[0]!
    .id;
}

test('an admin configures the identity provider; staff then sign in through it, and still give the second factor', async () => {
  // An admin with password and second factor (set up through the pages).
  const id = (
    await app.db.owner.query<{ id: string }>(
      "INSERT INTO staff_users (authority_id, email, display_name, status, password_hash) VALUES ($1, 'admin@musterstadt.example', 'Admin', 'active', $2) RETURNING id",
      [await authorityId(), await hashPassword(PASSWORD)],
    )
  ).rows[0]!.id;
  await app.db.owner.query("INSERT INTO staff_roles (user_id, authority_id, role) VALUES ($1, $2, 'authority_admin')", [
    id,
    await authorityId(),
  ]);
  const admin = new Client(app.base);
  const first = await admin.submit('/staff/login', '/staff/login', {
    email: 'admin@musterstadt.example',
    password: PASSWORD,
  });
  const setup = await admin.get(first.location!);
  const secret = /data-secret="([A-Z2-7]+)"/.exec(setup.html)![1]!;
  await admin.post('/staff/2fa/setup', {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(setup.html)![1]!,
    code: await currentTotp(secret),
  });

  const bad = await admin.submit('/staff/admin/sso', '/staff/admin/sso', {
    issuer: 'http://idp.example.org',
    clientId: '',
    clientSecret: '',
    label: 'Landesportal',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /https-Adresse/);
  const saved = await admin.submit('/staff/admin/sso', '/staff/admin/sso', {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    label: 'Landesportal',
    enabled: 'on',
  });
  assert.equal(saved.location, '/staff/admin/sso?saved=1');
  const stored = (await app.db.owner.query('SELECT client_secret_sealed FROM authority_sso')).rows[0];
  assert.ok(!JSON.stringify(stored).includes(idp.clientSecret), 'the client secret is stored sealed');

  // A caseworker invited earlier (no password yet) signs in through the provider.
  await app.db.owner.query(
    "INSERT INTO staff_users (authority_id, email, display_name) VALUES ($1, 'sso.user@musterstadt.example', 'Sso User')",
    [await authorityId()],
  );
  const [uid] = (await app.db.owner.query("SELECT id FROM staff_users WHERE email = 'sso.user@musterstadt.example'"))
    .rows;
  await app.db.owner.query("INSERT INTO staff_roles (user_id, authority_id, role) VALUES ($1, $2, 'caseworker')", [
    uid.id,
    await authorityId(),
  ]);

  const person = new Client(app.base);
  const login = await person.get('/staff/login');
  assert.match(login.html, /Mit Landesportal anmelden/);
  const start = await person.get('/staff/sso/start');
  assert.equal(start.status, 303);
  assert.ok(start.location!.startsWith(idp.issuer));
  assert.match(start.location!, /code_challenge_method=S256/);
  const back = await signInAtProvider(
    start.location!,
    'sso.user@musterstadt.example',
    `${app.base.replace('127.0.0.1', 'localhost')}/staff/sso/callback`,
  );
  const callback = await person.get(new URL(back).pathname + new URL(back).search);
  assert.equal(
    callback.location,
    '/staff/2fa/setup',
    `the second factor is still required (went to ${callback.location})`,
  );
  const enrol = await person.get('/staff/2fa/setup');
  const code = await currentTotp(/data-secret="([A-Z2-7]+)"/.exec(enrol.html)![1]!);
  const done = await person.post('/staff/2fa/setup', {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(enrol.html)![1]!,
    code,
  });
  assert.equal(done.location, '/staff');
  assert.match((await person.get('/staff')).html, /Sso User/);
  const bound = (
    await app.db.owner.query(
      "SELECT oidc_subject, status FROM staff_users WHERE email = 'sso.user@musterstadt.example'",
    )
  ).rows[0];
  assert.deepEqual(bound, { oidc_subject: 'sso.user@musterstadt.example', status: 'active' });
  assert.equal((await app.db.owner.query("SELECT 1 FROM audit_log WHERE action = 'staff.login_sso_ok'")).rowCount, 1);
});

test('someone the provider knows but the office does not is refused with a clear message; a forged return is refused', async () => {
  const person = new Client(app.base);
  const start = await person.get('/staff/sso/start');
  const back = await signInAtProvider(
    start.location!,
    'stranger@example.org',
    `${app.base.replace('127.0.0.1', 'localhost')}/staff/sso/callback`,
  );
  const callback = await person.get(new URL(back).pathname + new URL(back).search);
  assert.equal(callback.location, '/staff/login?notice=ssoUnknown');
  assert.match((await person.get(callback.location!)).html, /gehört zu keinem aktiven Konto/);
  const forged = await new Client(app.base).get('/staff/sso/callback?code=abc&state=xyz');
  assert.equal(forged.location, '/staff/login?notice=ssoFailed');
});
