import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issueDemoStaffLinks } from '../src/identity/demo-staff-links.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { type Mailbox, startMailbox } from './helpers/mailbox.js';
import { signedInStaff } from './helpers/staff.js';

let app: TestApp;
let mailbox: Mailbox;
before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const HELPER_PASSWORD = 'Ein langer sicherer Satz zum Testen'; // test/helpers/staff.ts
const NEW_PASSWORD = 'Morgens fliegen Stare über den Fluss';

const owner = () => app.db.owner;
const path = (link: string) => new URL(link).pathname;

async function audited(action: string, objectId?: string): Promise<number> {
  const { rows } = await owner().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR object_id = $2)',
    [action, objectId ?? null],
  );
  return rows[0]!.n;
}

async function signInPassword(email: string, password: string) {
  return new Client(app.base).submit('/staff/login', '/staff/login', { email, password });
}

/** Sets a password on a set-up or reset link's page. */
async function choosePassword(link: string, password = NEW_PASSWORD) {
  const client = new Client(app.base);
  return client.submit(path(link), path(link), { password, repeat: password });
}

function linkIn(text: string, kind: 'invitation' | 'password/reset'): string {
  const found = new RegExp(`https?://\\S+/staff/${kind}/[A-Za-z0-9_-]+`).exec(text)?.[0];
  assert.ok(found, text);
  return found;
}

describe('the demo staff at start', () => {
  test('each seeded account gets a set-up link beside the first admin’s; it works once, and only until an admin exists', async () => {
    assert.ok(app.setupLink);
    assert.equal(app.demoStaffLinks.length, 6);
    const jonas = app.demoStaffLinks.find((l) => l.email === 'jonas.becker@musterstadt.example')!;
    assert.equal((await choosePassword(jonas.link)).location, '/staff/login?notice=passwordSet');
    assert.equal((await new Client(app.base).get(path(jonas.link))).status, 410, 'used once');
    const first = await signInPassword('jonas.becker@musterstadt.example', NEW_PASSWORD);
    assert.equal(first.location, '/staff/2fa/setup');

    // The next start issues fresh links (not for Jonas, who is set up); the earlier ones stop working.
    const deps = { pool: app.db.pool, links: { base: app.base } };
    const authorityId = (await owner().query("SELECT id FROM authorities WHERE slug = 'musterstadt'")).rows[0].id;
    const userIds = (await owner().query<{ id: string }>('SELECT id FROM staff_users')).rows.map((r) => r.id);
    const again = await issueDemoStaffLinks({ authorityId, userIds }, deps);
    assert.equal(again.length, 5);
    const olena = app.demoStaffLinks.find((l) => l.email === 'olena.kovalenko@musterstadt.example')!;
    assert.equal((await new Client(app.base).get(path(olena.link))).status, 410);
    assert.equal((await new Client(app.base).get(path(again[0]!.link))).status, 200);

    await signedInStaff(app, 'first-admin@musterstadt.example', 'authority_admin');
    assert.deepEqual(await issueDemoStaffLinks({ authorityId, userIds }, deps), [], 'no links once an admin exists');
  });
});

describe('forgot password', () => {
  test('the same answer for an address with and without an account; the link sets a new password once and ends every session', async () => {
    const { client: session } = await signedInStaff(app, 'vergesslich@musterstadt.example', 'caseworker');
    const answers = [];
    for (const email of ['nobody@musterstadt.example', 'Vergesslich@musterstadt.example']) {
      const client = new Client(app.base);
      const page = await client.get('/staff/login');
      assert.match(page.html, /href="\/staff\/password\/forgot"/);
      const started = performance.now();
      const sent = await client.submit('/staff/password/forgot', '/staff/password/forgot', { email });
      const ms = performance.now() - started;
      const shown = await client.get(sent.location!);
      answers.push({
        status: sent.status,
        location: sent.location,
        text: /kern-alert[\s\S]*?<\/div>/.exec(shown.html)?.[0],
        ms,
      });
    }
    assert.equal(answers[0]!.status, 303);
    assert.deepEqual(answers.map(({ ms: _, ...rest }) => rest)[0], answers.map(({ ms: _, ...rest }) => rest)[1]);
    assert.match(answers[1]!.text!, /Wenn zu dieser Adresse ein aktives Konto gehört/);
    console.log(
      `forgot password answered in ${answers.map((a) => a.ms.toFixed(1)).join(' ms (no account), ')} ms (account)`,
    );

    const mail = await mailbox.waitFor((m) => m.to.includes('vergesslich@musterstadt.example'));
    assert.equal(mailbox.messages.filter((m) => m.to.includes('nobody@musterstadt.example')).length, 0);
    const link = linkIn(mail.text, 'password/reset');
    const weak = await choosePassword(link, 'passwort1234');
    assert.equal(weak.status, 400);
    assert.match(weak.html, /zu verbreitet/);
    assert.equal((await choosePassword(link)).location, '/staff/login?notice=passwordReset');
    assert.equal((await new Client(app.base).get(path(link))).status, 410, 'single use');
    const stale = new Client(app.base);
    const csrf = csrfIn((await stale.get('/staff/login')).html);
    const twice = await stale.post(path(link), {
      _csrf: csrf,
      password: `${NEW_PASSWORD} zwei`,
      repeat: `${NEW_PASSWORD} zwei`,
    });
    assert.equal(twice.status, 410);
    assert.equal((await session.get('/staff')).location, '/staff/login?notice=expired', 'sessions ended');
    assert.equal((await signInPassword('vergesslich@musterstadt.example', HELPER_PASSWORD)).status, 401);
    assert.equal((await signInPassword('vergesslich@musterstadt.example', NEW_PASSWORD)).location, '/staff/2fa');
    assert.equal(await audited('staff.password_reset_requested'), 2);
    const id = (await owner().query("SELECT id FROM staff_users WHERE email = 'vergesslich@musterstadt.example'"))
      .rows[0].id;
    assert.equal(await audited('staff.password_reset', id), 1);
  });

  test('a reset link expires; a malformed address gets a clear error and keeps what was typed', async () => {
    await signedInStaff(app, 'spaet@musterstadt.example', 'caseworker');
    const client = new Client(app.base);
    await client.submit('/staff/password/forgot', '/staff/password/forgot', { email: 'spaet@musterstadt.example' });
    const mail = await mailbox.waitFor((m) => m.to.includes('spaet@musterstadt.example'));
    await owner().query(
      `UPDATE staff_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'password_reset'
         AND user_id = (SELECT id FROM staff_users WHERE email = 'spaet@musterstadt.example')`,
    );
    const expired = await new Client(app.base).get(path(linkIn(mail.text, 'password/reset')));
    assert.equal(expired.status, 410);
    assert.match(expired.html, /Passwort vergessen\?/);
    const bad = await client.submit('/staff/password/forgot', '/staff/password/forgot', { email: 'spaet at example' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /value="spaet at example"/);
    assert.match(bad.html, /name@behoerde\.de/);
  });
});

describe('an admin restores access', () => {
  let admin: Client;
  before(async () => {
    admin = (await signedInStaff(app, 'chefin@musterstadt.example', 'authority_admin')).client;
  });

  test('resetting password and second factor ends the sessions and sends a new set-up link', async () => {
    const { client: person, id } = await signedInStaff(app, 'handy-weg@musterstadt.example', 'caseworker');
    const reset = await admin.submit(`/staff/admin/staff/${id}`, `/staff/admin/staff/${id}/reset-access`, {});
    assert.equal(reset.location, `/staff/admin/staff/${id}?notice=accessReset`);
    assert.equal((await person.get('/staff')).location, '/staff/login?notice=expired');
    assert.equal((await signInPassword('handy-weg@musterstadt.example', HELPER_PASSWORD)).status, 401);
    const mail = await mailbox.waitFor((m) => m.to.includes('handy-weg@musterstadt.example'));
    assert.match(mail.subject, /zurückgesetzt/);
    assert.equal((await choosePassword(linkIn(mail.text, 'invitation'))).location, '/staff/login?notice=passwordSet');
    assert.equal((await signInPassword('handy-weg@musterstadt.example', NEW_PASSWORD)).location, '/staff/2fa/setup');
    assert.equal(await audited('staff.access_reset', id), 1);
    const self = (await owner().query("SELECT id FROM staff_users WHERE email = 'chefin@musterstadt.example'")).rows[0]
      .id;
    const refused = await admin.submit(`/staff/admin/staff/${self}`, `/staff/admin/staff/${self}/reset-access`, {});
    assert.equal(refused.status, 400);
    assert.match(refused.html, /eigenen Zugang/);
  });

  test('an invitation sent again replaces the old link', async () => {
    await admin.submit('/staff/admin/staff', '/staff/admin/staff/invite', {
      displayName: 'Nora Neu',
      email: 'nora@musterstadt.example',
      roles: ['caseworker'],
    });
    const first = linkIn((await mailbox.waitFor((m) => m.to.includes('nora@musterstadt.example'))).text, 'invitation');
    const id = (await owner().query("SELECT id FROM staff_users WHERE email = 'nora@musterstadt.example'")).rows[0].id;
    const again = await admin.submit(`/staff/admin/staff/${id}`, `/staff/admin/staff/${id}/resend-invitation`, {});
    assert.equal(again.location, `/staff/admin/staff/${id}?notice=invitationResent`);
    const second = linkIn(
      (await mailbox.waitFor((m) => m.to.includes('nora@musterstadt.example') && !m.text.includes(first))).text,
      'invitation',
    );
    assert.equal((await new Client(app.base).get(path(first))).status, 410);
    assert.equal((await new Client(app.base).get(path(second))).status, 200);
    assert.equal(await audited('staff.invitation_resent', id), 1);
    const active = (await owner().query("SELECT id FROM staff_users WHERE email = 'chefin@musterstadt.example'"))
      .rows[0].id;
    assert.equal(
      (await admin.submit(`/staff/admin/staff/${active}`, `/staff/admin/staff/${active}/resend-invitation`, {})).status,
      400,
    );
  });

  test('unlocking lets the right password in again before the lock ends', async () => {
    const { id } = await signedInStaff(app, 'gesperrt@musterstadt.example', 'caseworker');
    for (let i = 0; i < 5; i++) await signInPassword('gesperrt@musterstadt.example', `falsch ${i}`);
    assert.equal((await signInPassword('gesperrt@musterstadt.example', HELPER_PASSWORD)).status, 429);
    const page = await admin.get(`/staff/admin/staff/${id}`);
    assert.match(page.html, /gesperrt bis/);
    const unlocked = await admin.post(`/staff/admin/staff/${id}/unlock`, { _csrf: csrfIn(page.html) });
    assert.equal(unlocked.location, `/staff/admin/staff/${id}?notice=unlocked`);
    assert.equal((await signInPassword('gesperrt@musterstadt.example', HELPER_PASSWORD)).location, '/staff/2fa');
    assert.equal(await audited('staff.unlocked', id), 1);
  });
});
