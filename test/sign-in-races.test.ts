import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../src/identity/passwords.js';
import { currentTotp, newTotpSecret } from '../src/identity/totp.js';
import { sealer } from '../src/platform/crypto.js';
import { storedSecret } from '../src/platform/database/secrets.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';

// Concurrency is the point here, so the per-address limits are out of the way.
let app: TestApp;
before(async () => {
  app = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_ATTEMPTS_PER_IP: '100000' });
});
after(async () => {
  await app?.close();
});

const PASSWORD = 'Kraniche ziehen im Herbst nach Süden';

/** An active account with its second factor set up; returns its id and the secret its phone knows. */
async function account(email: string): Promise<{ id: string; secret: string }> {
  const key = await storedSecret(app.config.dataDir, 'installation-key', 32, 'base64');
  const secret = newTotpSecret();
  const { rows } = await app.db.owner.query<{ id: string }>(
    `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash, totp_secret_sealed, totp_confirmed_at)
     VALUES ((SELECT id FROM authorities WHERE slug = 'musterstadt'), $1, 'Test', 'active', $2, $3, now()) RETURNING id`,
    [email, await hashPassword(PASSWORD), sealer(key).seal(secret)],
  );
  await app.db.owner.query(
    "INSERT INTO staff_roles (user_id, authority_id, role) SELECT id, authority_id, 'caseworker' FROM staff_users WHERE id = $1",
    [rows[0]!.id],
  );
  return { id: rows[0]!.id, secret };
}

/** A browser with the sign-in form loaded (its CSRF token), ready to post. */
async function loginForm(): Promise<{ client: Client; csrf: string }> {
  const client = new Client(app.base);
  return { client, csrf: csrfIn((await client.get('/staff/login')).html) };
}

/** A browser past the password, on the second-factor page. */
async function passwordStage(email: string): Promise<{ client: Client; csrf: string }> {
  const { client, csrf } = await loginForm();
  const first = await client.post('/staff/login', { _csrf: csrf, email, password: PASSWORD });
  assert.equal(first.location, '/staff/2fa', first.html.slice(0, 300));
  return { client, csrf: csrfIn((await client.get('/staff/2fa')).html) };
}

async function auditCount(action: string, userId: string): Promise<number> {
  const { rows } = await app.db.owner.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND object_id = $2',
    [action, userId],
  );
  return rows[0]!.n;
}

async function fullSessions(userId: string): Promise<number> {
  const { rows } = await app.db.owner.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM staff_sessions WHERE user_id = $1 AND stage = 'full'",
    [userId],
  );
  return rows[0]!.n;
}

async function lockedNow(userId: string): Promise<boolean> {
  const { rows } = await app.db.owner.query<{ locked: boolean }>(
    'SELECT coalesce(locked_until > now(), false) AS locked FROM staff_users WHERE id = $1',
    [userId],
  );
  return rows[0]!.locked;
}

/** A six-digit code that is none of the codes valid now (the current step and one either side). */
async function wrongCode(secret: string): Promise<string> {
  const valid = new Set([await currentTotp(secret)]);
  let code = 0;
  while (valid.has(String(code).padStart(6, '0'))) code++;
  return String(code).padStart(6, '0');
}

describe('the second factor under a race', () => {
  test('50 password-stage sessions submit the same valid code at once: exactly one full session', async () => {
    const { id, secret } = await account('race-totp@musterstadt.example');
    const stages: { client: Client; csrf: string }[] = [];
    // Four at a time: a correct password is counted while it is checked, and five in flight would lock.
    while (stages.length < 50)
      stages.push(
        ...(await Promise.all(Array.from({ length: 4 }, () => passwordStage('race-totp@musterstadt.example')))),
      );
    const code = await currentTotp(secret);
    const answers = await Promise.all(stages.map((s) => s.client.post('/staff/2fa', { _csrf: s.csrf, code })));
    const signedIn = answers.filter((a) => a.status === 303 && a.location === '/staff');
    assert.equal(signedIn.length, 1, `statuses: ${answers.map((a) => a.status).join(',')}`);
    assert.equal(await fullSessions(id), 1);
    assert.equal(await auditCount('staff.login', id), 1);
    for (const a of answers) if (a !== signedIn[0]) assert.ok([400, 429].includes(a.status), String(a.status));
  });

  test('100 wrong codes at once: at most five are evaluated and the account is locked', async () => {
    const { id, secret } = await account('race-code@musterstadt.example');
    const { client, csrf } = await passwordStage('race-code@musterstadt.example');
    const code = await wrongCode(secret);
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => client.post('/staff/2fa', { _csrf: csrf, code })),
    );
    assert.equal(await auditCount('staff.totp_failed', id), 5);
    assert.ok(await lockedNow(id));
    assert.equal(answers.filter((a) => a.status === 303).length, 0);
    assert.equal(
      answers.filter((a) => a.status === 429).length,
      96,
      'the fifth failure and every refusal say "locked"',
    );
    assert.equal(await fullSessions(id), 0);
  });
});

describe('passwords under a race', () => {
  test('100 wrong passwords at once: at most five are evaluated and the account is locked', async () => {
    const { id } = await account('race-password@musterstadt.example');
    const forms = await Promise.all(Array.from({ length: 100 }, loginForm));
    const started = performance.now();
    const answers = await Promise.all(
      forms.map((f, i) =>
        f.client.post('/staff/login', {
          _csrf: f.csrf,
          email: 'race-password@musterstadt.example',
          password: `falsch ${i}`,
        }),
      ),
    );
    const ms = performance.now() - started;
    assert.equal(await auditCount('staff.login_failed', id), 5, 'five failures evaluated and recorded');
    assert.equal(await auditCount('staff.login_refused', id), 95, 'the rest refused unevaluated');
    assert.ok(await lockedNow(id));
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(4).fill(401), ...Array(96).fill(429)]);
    console.log(`100 concurrent wrong passwords answered in ${Math.round(ms)} ms`);
  });

  test('the right password on a locked account does not sign in', async () => {
    const { id } = await account('locked-right@musterstadt.example');
    for (let i = 0; i < 5; i++) {
      const { client, csrf } = await loginForm();
      await client.post('/staff/login', { _csrf: csrf, email: 'locked-right@musterstadt.example', password: `x ${i}` });
    }
    const { client, csrf } = await loginForm();
    const right = await client.post('/staff/login', {
      _csrf: csrf,
      email: 'locked-right@musterstadt.example',
      password: PASSWORD,
    });
    assert.equal(right.status, 429);
    assert.equal(client.cookie('wk_staff'), undefined);
    const { rows } = await app.db.owner.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM staff_sessions WHERE user_id = $1',
      [id],
    );
    assert.equal(rows[0]!.n, 0);
  });
});

describe('no enumeration through the lock', () => {
  /** Five wrong passwords and then a sixth for one address; the answers with times taken out, and the times. */
  async function lockOut(email: string): Promise<{ answers: string[]; statuses: number[]; ms: number[] }> {
    const answers: string[] = [];
    const statuses: number[] = [];
    const ms: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { client, csrf } = await loginForm();
      const started = performance.now();
      const answer = await client.post('/staff/login', { _csrf: csrf, email, password: `nicht richtig ${i}` });
      ms.push(performance.now() - started);
      statuses.push(answer.status);
      const alert = /<div[^>]*kern-alert[\s\S]*?<\/div>\s*<\/div>/.exec(answer.html)?.[0] ?? answer.html;
      answers.push(alert.replace(/\d{1,2}:\d{2}/g, 'HH:MM').replaceAll(email, 'EMAIL'));
    }
    return { answers, statuses, ms };
  }

  test('an address without an account locks after five failures with the same words, status and time class', async () => {
    await account('real@musterstadt.example');
    const real = await lockOut('real@musterstadt.example');
    const none = await lockOut('nobody-here@musterstadt.example');
    assert.deepEqual(real.statuses, [401, 401, 401, 401, 429, 429]);
    assert.deepEqual(none.statuses, real.statuses);
    assert.deepEqual(none.answers, real.answers);
    assert.match(real.answers[5]!, /gesperrt/);
    // Failures before the lock check a hash (a dummy one without an account); refusals check none.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const evaluated = { real: median(real.ms.slice(0, 5)), none: median(none.ms.slice(0, 5)) };
    console.log(
      `wrong password, median ms: account ${evaluated.real.toFixed(1)}, no account ${evaluated.none.toFixed(1)}; ` +
        `refused while locked: account ${real.ms[5]!.toFixed(1)}, no account ${none.ms[5]!.toFixed(1)}`,
    );
    assert.ok(evaluated.none > evaluated.real / 3 && evaluated.none < evaluated.real * 3, JSON.stringify(evaluated));
  });
});
