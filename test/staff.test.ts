import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Tokens } from '@fastify/csrf';
import { trailIntact, verifyAuditTrail } from '../src/audit/verify-audit.js';
import { hashPassword } from '../src/identity/passwords.js';
import { currentTotp, newTotpSecret } from '../src/identity/totp.js';
import { sealer } from '../src/platform/crypto.js';
import { storedSecret } from '../src/platform/database/secrets.js';
import { loadSeeds } from '../src/seeds.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client } from './helpers/client.js';
import { startMailbox, type Mailbox } from './helpers/mailbox.js';

let app: TestApp;
let mailbox: Mailbox;
const secrets = new Map<string, string>(); // e-mail → TOTP secret, as the person's phone knows it
const PASSWORD = 'Gelbe Tulpen blühen im April';

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const owner = () => app.db.owner;
const authorityId = async (slug = 'musterstadt') =>
  (await owner().query<{ id: string }>('SELECT id FROM authorities WHERE slug = $1', [slug])).rows[0]!.id;

/** A time step passes: the last code used may be used again (codes are refused twice within one step). */
async function nextTimeStep(email: string): Promise<void> {
  await owner().query('UPDATE staff_users SET totp_last_step = NULL WHERE email = $1', [email]);
}

/** Creates an active account directly (with a second factor set up), for tests of what follows sign-in. */
async function createStaff(email: string, roles: string[], slug = 'musterstadt'): Promise<string> {
  const key = await storedSecret(app.config.dataDir, 'installation-key', 32, 'base64');
  const secret = newTotpSecret();
  const id = (
    await owner().query<{ id: string }>(
      `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash, totp_secret_sealed, totp_confirmed_at)
     VALUES ($1, $2, $3, 'active', $4, $5, now()) RETURNING id`,
      [await authorityId(slug), email, email.split('@')[0], await hashPassword(PASSWORD), sealer(key).seal(secret)],
    )
  ).rows[0]!.id;
  for (const role of roles)
    await owner().query('INSERT INTO staff_roles (user_id, authority_id, role) VALUES ($1, $2, $3)', [
      id,
      await authorityId(slug),
      role,
    ]);
  secrets.set(email, secret);
  return id;
}

/** Signs in with password and second factor (setting it up on first sign-in); returns the client. */
async function signIn(email: string, password = PASSWORD): Promise<Client> {
  const client = new Client(app.base);
  const first = await client.submit('/staff/login', '/staff/login', { email, password });
  assert.equal(first.status, 303, `sign-in of ${email}: ${first.html.slice(0, 200)}`);
  const page = await client.get(first.location!);
  if (first.location === '/staff/2fa/setup') {
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page.html)?.[1];
    assert.ok(secret, 'the setup page shows the secret');
    secrets.set(email, secret);
  }
  await nextTimeStep(email);
  const code = await currentTotp(secrets.get(email)!);
  const second = await client.post(first.location!, {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!,
    code,
  });
  assert.equal(second.status, 303, `second factor of ${email}: ${second.html.slice(0, 300)}`);
  assert.equal(second.location, '/staff');
  return client;
}

describe('first admin and invitations', () => {
  let admin: Client;

  test('the first start prints a one-time setup link; weak passwords are refused; the link works once', async () => {
    assert.ok(app.setupLink);
    const setupPath = new URL(app.setupLink).pathname;
    const client = new Client(app.base);
    const weak = await client.submit(setupPath, setupPath, {
      displayName: 'Petra Adler',
      email: 'petra.adler@musterstadt.example',
      password: 'passwort1234',
      repeat: 'passwort1234',
    });
    assert.equal(weak.status, 400);
    assert.match(weak.html, /zu verbreitet/);
    assert.match(weak.html, /value="petra.adler@musterstadt.example"/);
    const done = await client.submit(setupPath, setupPath, {
      displayName: 'Petra Adler',
      email: 'Petra.Adler@musterstadt.example',
      password: PASSWORD,
      repeat: PASSWORD,
    });
    assert.equal(done.status, 303);
    assert.equal((await client.get(setupPath)).status, 410);
    admin = await signIn('petra.adler@musterstadt.example');
    const dashboard = await admin.get('/staff');
    assert.match(dashboard.html, /Administration der Behörde/);
  });

  test('an admin invites a caseworker, who sets a password from the e-mail link, signs in with both factors and signs out', async () => {
    const invited = await admin.submit('/staff/admin/staff', '/staff/admin/staff/invite', {
      displayName: 'Yusuf Demir',
      email: 'yusuf.demir@musterstadt.example',
      roles: ['caseworker'],
    });
    assert.equal(invited.status, 303);
    const mail = await mailbox.waitFor((m) => m.to.includes('yusuf.demir@musterstadt.example'));
    const link = /https?:\/\/\S+\/staff\/invitation\/\S+/.exec(mail.text)?.[0];
    assert.ok(link, mail.text);
    const person = new Client(app.base);
    const linkPath = new URL(link).pathname;
    const mismatch = await person.submit(linkPath, linkPath, { password: PASSWORD, repeat: `${PASSWORD}!` });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.html, /stimmen nicht überein/);
    assert.equal(
      (await person.submit(linkPath, linkPath, { password: PASSWORD, repeat: PASSWORD })).location,
      '/staff/login?notice=passwordSet',
    );
    const caseworker = await signIn('yusuf.demir@musterstadt.example');
    assert.match((await caseworker.get('/staff')).html, /Sachbearbeitung/);
    const out = await caseworker.submit('/staff', '/staff/logout', {});
    assert.equal(out.location, '/staff/login?notice=signedOut');
    assert.equal((await caseworker.get('/staff')).location, '/staff/login');
  });

  test('an admin limits a role to a location and a service; the member sees it on their dashboard', async () => {
    const id = await createStaff('ben@musterstadt.example', ['caseworker']);
    const [nord] = (await owner().query("SELECT id FROM locations WHERE slug = 'nord'")).rows;
    const [pickup] = (await owner().query("SELECT id FROM services WHERE slug = 'residence-card-pickup'")).rows;
    const saved = await admin.submit(`/staff/admin/staff/${id}`, `/staff/admin/staff/${id}/roles`, {
      roles: ['caseworker'],
      locations: [nord.id, '00000000-0000-4000-8000-000000000000'],
      services: [pickup.id, 'not-a-uuid'],
    });
    assert.equal(saved.status, 303);
    assert.deepEqual(
      (await owner().query('SELECT role, location_ids, service_ids FROM staff_roles WHERE user_id = $1', [id])).rows,
      [{ role: 'caseworker', location_ids: [nord.id], service_ids: [pickup.id] }],
    );
    const ben = await signIn('ben@musterstadt.example');
    const dashboard = (await ben.get('/staff')).html;
    assert.match(dashboard, /Standorte: Servicepunkt Nord/);
    assert.match(dashboard, /Leistungen: Aufenthaltskarte \(eAT\) abholen/);
  });

  test('an expired invitation link is refused with a clear page', async () => {
    await admin.submit('/staff/admin/staff', '/staff/admin/staff/invite', {
      displayName: 'Olena Koval',
      email: 'olena@musterstadt.example',
      roles: ['caseworker'],
    });
    const mail = await mailbox.waitFor((m) => m.to.includes('olena@musterstadt.example'));
    await owner().query(
      "UPDATE staff_tokens SET expires_at = now() - interval '1 minute' WHERE purpose = 'invitation' AND used_at IS NULL",
    );
    const page = await new Client(app.base).get(new URL(/https?:\/\/\S+/.exec(mail.text)![0]).pathname);
    assert.equal(page.status, 410);
    assert.match(page.html, /gilt nicht mehr/);
  });

  test('deactivating ends the sessions at once and refuses sign-in; resetting the second factor asks to set it up again', async () => {
    const id = await createStaff('mara@musterstadt.example', ['caseworker']);
    const mara = await signIn('mara@musterstadt.example');
    assert.equal(
      (await admin.submit(`/staff/admin/staff/${id}`, `/staff/admin/staff/${id}/deactivate`, {})).status,
      303,
    );
    assert.equal((await mara.get('/staff')).location, '/staff/login?notice=expired');
    const refused = await new Client(app.base).submit('/staff/login', '/staff/login', {
      email: 'mara@musterstadt.example',
      password: PASSWORD,
    });
    assert.match(refused.html, /deaktiviert/);
    await admin.submit(`/staff/admin/staff/${id}`, `/staff/admin/staff/${id}/reactivate`, {});
    await admin.submit(`/staff/admin/staff/${id}`, `/staff/admin/staff/${id}/reset-2fa`, {});
    const again = await new Client(app.base).submit('/staff/login', '/staff/login', {
      email: 'mara@musterstadt.example',
      password: PASSWORD,
    });
    assert.equal(again.location, '/staff/2fa/setup');
  });
});

describe('sign-in refusals', () => {
  test('a wrong password, or an unknown address, gets the same clear message', async () => {
    await createStaff('lea@musterstadt.example', ['caseworker']);
    for (const email of ['lea@musterstadt.example', 'nobody@musterstadt.example']) {
      const response = await new Client(app.base).submit('/staff/login', '/staff/login', {
        email,
        password: 'falsch falsch falsch',
      });
      assert.equal(response.status, 401);
      assert.match(response.html, /E-Mail-Adresse oder Passwort ist falsch/);
    }
  });

  test('after five failures the account is locked, even for the right password, and says until when', async () => {
    await createStaff('jonas@musterstadt.example', ['caseworker']);
    let last: Awaited<ReturnType<Client['submit']>> | undefined;
    for (let i = 0; i < 5; i++)
      last = await new Client(app.base).submit('/staff/login', '/staff/login', {
        email: 'jonas@musterstadt.example',
        password: `wrong ${i}`,
      });
    assert.equal(last!.status, 429);
    assert.match(last!.html, /gesperrt/);
    const right = await new Client(app.base).submit('/staff/login', '/staff/login', {
      email: 'jonas@musterstadt.example',
      password: PASSWORD,
    });
    assert.equal(right.status, 429);
  });

  test('a wrong second-factor code is refused and nothing is signed in', async () => {
    await createStaff('ida@musterstadt.example', ['caseworker']);
    const client = new Client(app.base);
    const first = await client.submit('/staff/login', '/staff/login', {
      email: 'ida@musterstadt.example',
      password: PASSWORD,
    });
    const wrong = await client.submit(first.location!, first.location!, { code: '000000' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /Der Code stimmt nicht/);
    assert.equal((await client.get('/staff')).location, '/staff/login');
  });

  test('a form without its CSRF token changes nothing', async () => {
    const admin = await signIn('petra.adler@musterstadt.example');
    const response = await admin.post('/staff/admin/staff/invite', {
      displayName: 'Eve',
      email: 'eve@musterstadt.example',
      roles: 'authority_admin',
    });
    assert.equal(response.status, 403);
    assert.equal(
      (await owner().query("SELECT 1 FROM staff_users WHERE email = 'eve@musterstadt.example'")).rowCount,
      0,
    );
    assert.equal((await new Client(app.base).post('/staff/login', { email: 'x@y.de', password: 'z' })).status, 403);
  });

  test('an idle session ends: the next page asks to sign in again', async () => {
    await createStaff('tim@musterstadt.example', ['caseworker']);
    const tim = await signIn('tim@musterstadt.example');
    await owner().query(
      "UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = (SELECT id FROM staff_users WHERE email = 'tim@musterstadt.example')",
    );
    assert.equal((await tim.get('/staff')).location, '/staff/login?notice=expired');
  });
});

describe('authorisation', () => {
  test('every staff route declares who may use it', () => {
    const staffRoutes = app.app.routeTable.filter((r) => r.url.startsWith('/staff'));
    assert.ok(staffRoutes.length >= 15);
    assert.deepEqual(
      staffRoutes.filter((r) => r.staff === undefined),
      [],
    );
  });

  test('every guarded staff route refuses a member of staff without the role, and everyone without a session', async () => {
    const id = await createStaff('norole@musterstadt.example', []);
    const client = await signIn('norole@musterstadt.example');
    const secret = (
      await owner().query<{ csrf_secret: string }>('SELECT csrf_secret FROM staff_sessions WHERE user_id = $1', [id])
    ).rows[0]!.csrf_secret;
    const csrf = new Tokens({}).create(secret);
    const anonymous = new Client(app.base);
    const routes = app.app.routeTable.filter(
      (r) => r.url.startsWith('/staff') && r.staff !== 'public' && r.staff !== 'half',
    );
    for (const route of routes) {
      const url = route.url.replace(':id', id);
      const asNoRole = route.method === 'GET' ? await client.get(url) : await client.post(url, { _csrf: csrf });
      assert.equal(asNoRole.status, 403, `${route.method} ${url} without role: ${asNoRole.status}`);
      const asNobody = route.method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, {});
      assert.equal(asNobody.location, '/staff/login', `${route.method} ${url} without session`);
    }
  });

  test('an admin of one authority reaches no object of another: 0 leaks', async () => {
    await loadSeeds(owner(), path.resolve(import.meta.dirname, 'fixtures/other-authority'));
    const foreignId = await createStaff('fremd@beispielkreis.example', ['caseworker'], 'beispielkreis');
    const admin = await signIn('petra.adler@musterstadt.example');
    assert.equal((await admin.get(`/staff/admin/staff/${foreignId}`)).status, 404);
    assert.ok(!(await admin.get('/staff/admin/staff')).html.includes('fremd@beispielkreis.example'));
    for (const action of ['roles', 'deactivate', 'reset-2fa']) {
      const csrfPage = await admin.get('/staff/admin/staff');
      const response = await admin.post(`/staff/admin/staff/${foreignId}/${action}`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(csrfPage.html)![1]!,
        roles: 'authority_admin',
      });
      assert.equal(response.status, 404, `${action} on a foreign account`);
    }
    const foreign = (
      await owner().query('SELECT status, totp_confirmed_at IS NOT NULL AS totp FROM staff_users WHERE id = $1', [
        foreignId,
      ])
    ).rows[0];
    assert.deepEqual(foreign, { status: 'active', totp: true });
    assert.deepEqual((await owner().query('SELECT role FROM staff_roles WHERE user_id = $1', [foreignId])).rows, [
      { role: 'caseworker' },
    ]);
    // Nor can its people sign in here: this portal's sign-in belongs to its own authority.
    const login = await new Client(app.base).submit('/staff/login', '/staff/login', {
      email: 'fremd@beispielkreis.example',
      password: PASSWORD,
    });
    assert.equal(login.status, 401);
  });
});

describe('audit trail', () => {
  test('sign-ins and changes are recorded; the data-protection officer can search them, nobody else', async () => {
    await createStaff('dsb@musterstadt.example', ['data_protection_officer']);
    const dpo = await signIn('dsb@musterstadt.example');
    const page = await dpo.get('/staff/audit?q=staff.invited');
    assert.equal(page.status, 200);
    assert.match(page.html, /yusuf\.demir|staff\.invited/);
    assert.match((await dpo.get('/staff/audit?q=staff.login')).html, /petra\.adler@musterstadt\.example/);
    assert.equal((await dpo.get('/staff/audit?from=gestern')).status, 400);
    assert.equal((await dpo.get('/staff/admin/staff')).status, 403);
    const admin = await signIn('petra.adler@musterstadt.example');
    assert.equal((await admin.get('/staff/audit')).status, 403);
  });

  test('the chain is intact, and a direct SQL change of an entry is detected at that entry', async () => {
    const verify = () =>
      verifyAuditTrail(owner(), { keys: app.audit.keys, checkpointFiles: [app.audit.checkpointFile] });
    const intact = await verify();
    assert.ok(trailIntact(intact));
    assert.ok(intact.chains.find((r) => r.authority === 'musterstadt')!.entries > 10);
    const target = (
      await owner().query<{ id: string; seq: string }>(
        "SELECT id, seq FROM audit_log WHERE action = 'staff.invited' ORDER BY seq LIMIT 1",
      )
    ).rows[0]!;
    await owner().query("UPDATE audit_log SET actor_label = 'someone-else@musterstadt.example' WHERE id = $1", [
      target.id,
    ]);
    const report = (await verify()).chains.find((r) => r.authority === 'musterstadt')!;
    assert.deepEqual(
      report.findings.map((f) => [f.id, f.problem.kind]),
      [[Number(target.id), 'altered']],
    );
  });

  test('the application role cannot change or delete entries', async () => {
    await assert.rejects(app.db.pool.query('UPDATE audit_log SET action = action'), /permission denied/);
    await assert.rejects(app.db.pool.query('DELETE FROM audit_log'), /permission denied/);
  });
});
