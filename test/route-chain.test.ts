import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { routeEntries } from '../src/app.js';
import { csrfForm } from '../src/platform/http/csrf.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { EXTENSION_ANSWERS, multipartForm } from './helpers/applications.js';
import { Client, csrfIn } from './helpers/client.js';

let app: TestApp;

before(async () => {
  app = await startTestApp({
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_ATTEMPTS_PER_IP: '100000',
    BOOKING_HOLDS_PER_IP_HOUR: '1000',
  });
});
after(async () => {
  await app?.close();
});

test('every POST route declares its CSRF check, or is a staff route (checked by the staff guard)', () => {
  const posts = app.app.routeTable.filter((r) => r.method === 'POST');
  assert.ok(posts.length > 20);
  const open = posts.filter((r) => !r.csrf && !(r.url.startsWith('/staff') && r.staff !== undefined));
  assert.deepEqual(open, []);
  // The public forms: every one of them checks its token.
  assert.ok(posts.filter((r) => !r.url.startsWith('/staff')).every((r) => r.csrf));
});

test('a public POST route without a CSRF declaration fails at registration; staff routes and explicit "none" do not', () => {
  assert.throws(
    () => routeEntries({ method: 'POST', url: '/:locale/forgotten', config: {} }),
    /must declare its CSRF check/,
  );
  assert.throws(
    () => routeEntries({ method: ['GET', 'POST'], url: '/:locale/forgotten' }),
    /must declare its CSRF check/,
  );
  assert.deepEqual(routeEntries({ method: 'POST', url: '/staff/x', config: { staff: 'half' } }), [
    { method: 'POST', url: '/staff/x', staff: 'half', query: [], csrf: false },
  ]);
  assert.deepEqual(routeEntries({ method: 'POST', url: '/x', config: { csrf: 'none' } }), [
    { method: 'POST', url: '/x', staff: undefined, query: [], csrf: false },
  ]);
  assert.equal(routeEntries({ method: 'POST', url: '/x', config: { csrf: csrfForm(() => undefined) } })[0]!.csrf, true);
  assert.deepEqual(
    routeEntries({ method: ['GET', 'HEAD'], url: '/:locale/page' }).map((r) => r.method),
    ['GET'],
  );
});

test('a form without a valid token is shown again with what was typed, status 403, and nothing is done', async () => {
  const client = new Client(app.base);
  const email = 'lina.stale@example.org';
  await client.get('/de/status');
  const stale = await client.post('/de/status/code', { _csrf: 'forged', email });
  assert.equal(stale.status, 403);
  assert.match(stale.html, new RegExp(`value="${email}"`));
  assert.match(stale.html, /Bitte senden Sie das Formular noch einmal/);
  const fresh = await client.submit('/de/status', '/de/status/code', { email });
  assert.equal(fresh.status, 200);

  // Booking: the person's details are kept, the hold too.
  const week = await client.get('/de/appointments/residence-permit-extension/mitte');
  const startsAt = /name="startsAt" value="([^"]+)"/.exec(week.html)![1]!;
  const noToken = await client.post('/de/appointments/residence-permit-extension/mitte/hold', { startsAt });
  assert.equal(noToken.status, 403);
  assert.match(noToken.html, /name="startsAt"/, 'the week is shown again');
  const held = await client.post('/de/appointments/residence-permit-extension/mitte/hold', {
    _csrf: csrfIn(week.html),
    startsAt,
  });
  assert.equal(held.status, 303);
  const details = await client.post(held.location!, {
    firstName: 'Lina',
    lastName: 'Haddad',
    birthDate: '1991-01-01',
    email: 'lina@example.org',
    locale: 'ar',
  });
  assert.equal(details.status, 403);
  assert.match(details.html, /value="Lina"/);
  assert.match(details.html, /value="Haddad"/);
  // A JSON body is no way around the check.
  const json = await fetch(app.base + held.location!, {
    method: 'POST',
    redirect: 'manual',
    body: JSON.stringify({ firstName: 'Lina' }),
    headers: { cookie: client.cookieHeader, 'content-type': 'application/json' },
  });
  assert.equal(json.status, 403);
});

test('a form with files without a valid token is shown again with the answers typed, and nothing is saved', async () => {
  const client = new Client(app.base);
  await client.get('/de/apply/residence-permit-extension');
  const drafts = async () =>
    Number((await app.db.owner.query<{ n: string }>('SELECT count(*) AS n FROM application_drafts')).rows[0]!.n);
  const before = await drafts();
  const sent = await client.postMultipart(
    '/de/apply/residence-permit-extension',
    multipartForm(
      {
        _csrf: 'forged',
        firstName: 'Olena',
        lastName: 'Koval',
        birthDate: '1990-04-12',
        email: 'olena@example.org',
        locale: 'uk',
        ...EXTENSION_ANSWERS,
        action: 'save',
      },
      [],
    ),
  );
  assert.equal(sent.status, 403);
  assert.match(sent.html, /value="Olena"/);
  assert.match(sent.html, /Beispiel GmbH, Musterstadt/);
  assert.match(sent.html, /Bitte senden Sie das Formular noch einmal/);
  assert.equal(await drafts(), before);
});

test('stale forms whose answer is a way back: the offer and the sign-out redirect', async () => {
  const client = new Client(app.base);
  const token = 'a'.repeat(30);
  const offer = await client.post(`/de/appointments/offer/${token}/accept`, {});
  assert.equal(offer.status, 303);
  assert.equal(offer.location, `/de/appointments/offer/${token}`);
  const signOut = await client.post('/de/status/sign-out', {});
  assert.equal(signOut.status, 303);
  assert.equal(signOut.location, '/de/status/mine');
});
