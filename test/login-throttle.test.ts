import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client } from './helpers/client.js';

let app: TestApp;
before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '3', SEED_DEMO: 'true' });
});
after(async () => {
  await app?.close();
});

test('sign-in attempts are limited per address, with a clear message in the reader’s language', async () => {
  const client = new Client(app.base);
  for (let i = 0; i < 3; i++) {
    assert.equal(
      (await client.submit('/staff/login', '/staff/login', { email: `x${i}@example.org`, password: 'whatever it is' }))
        .status,
      401,
    );
  }
  const page = await client.get('/staff/login');
  const blocked = await fetch(`${app.base}/staff/login`, {
    method: 'POST',
    headers: {
      cookie: client.cookieHeader,
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': 'en',
    },
    body: new URLSearchParams({
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!,
      email: 'x@example.org',
      password: 'again',
    }).toString(),
  });
  assert.equal(blocked.status, 429);
  assert.match(await blocked.text(), /Too many requests/);
});

test('each route counts its own limit: a spent sign-in limit does not refuse another form from the same address', async () => {
  // Runs after the test above has spent the sign-in limit of 127.0.0.1 (3 in 15 minutes).
  const client = new Client(app.base);
  // Eight messages: within the form's own 10 an hour, but beyond it if the sign-in's four counted too.
  for (let i = 1; i <= 8; i++) {
    const sent = await client.submit('/de/accessibility', '/de/accessibility/feedback', {
      message: `Der Kontrast der Fußzeile ist zu schwach (${i}).`,
    });
    assert.equal(sent.status, 303, `message ${i}: the feedback form counts its own limit, not the sign-in’s`);
  }
  const signIn = await client.submit('/staff/login', '/staff/login', { email: 'y@example.org', password: 'again' });
  assert.equal(signIn.status, 429, 'the sign-in limit is still spent');
});
