import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { solvedChallenge } from '../../../test/helpers/pow.js';

let app: TestApp;
let mailbox: Mailbox;

before(async () => {
  mailbox = await startMailbox();
  // Proof of work always (as under load), and a small per-address limit.
  app = await startTestApp({ SMTP_URL: mailbox.url, POW_ABOVE_HOLDS_PER_MINUTE: '0', BOOKING_HOLDS_PER_IP_HOUR: '6' });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const WEEK = '/de/appointments/residence-permit-extension/nord';

test('under load, holding a time needs a solved proof of work, which cannot be replayed', async () => {
  const client = new Client(app.base);
  const week = await client.get(WEEK);
  assert.match(week.html, /data-pow=/);
  assert.match(week.html, /Rechenaufgabe/, 'the page says why');
  const startsAt = /name="startsAt" value="([^"]+)"/.exec(week.html)![1]!;
  const without = await client.post(`${WEEK}/hold`, { _csrf: csrfIn(week.html), startsAt });
  assert.equal(without.status, 429);
  assert.match(without.html, /Sicherheitsprüfung ist nicht gelungen/);
  const altcha = await solvedChallenge(week.html);
  const held = await client.post(`${WEEK}/hold`, { _csrf: csrfIn(week.html), startsAt, altcha });
  assert.equal(held.status, 303);
  const replay = await new Client(app.base).post(`${WEEK}/hold`, { _csrf: csrfIn(week.html), startsAt, altcha });
  assert.notEqual(replay.status, 303);
});

test('three wrong codes release the time; too many holds from one address get a clear page', async () => {
  const client = new Client(app.base);
  const week = await client.get(WEEK);
  const startsAt = [...week.html.matchAll(/name="startsAt" value="([^"]+)"/g)][1]![1]!;
  const held = await client.post(`${WEEK}/hold`, {
    _csrf: csrfIn(week.html),
    startsAt,
    altcha: await solvedChallenge(week.html),
  });
  assert.equal(held.status, 303);
  const page = await client.get(held.location!);
  const sent = await client.post(held.location!, {
    _csrf: csrfIn(page.html),
    firstName: 'Lina',
    lastName: 'Haddad',
    birthDate: '1991-01-01',
    email: 'lina@example.org',
    locale: 'ar',
    permitExpiresOn: '',
  });
  assert.equal(sent.status, 303);
  const code = /(\d{6})/.exec((await mailbox.waitFor((m) => m.to.includes('lina@example.org'))).subject)![1]!;
  const wrong = code === '999999' ? '888888' : '999999';
  const codePage = await client.get(sent.location!);
  for (const left of [2, 1]) {
    const answer = await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code: wrong });
    assert.equal(answer.status, 400);
    assert.match(answer.html, new RegExp(`noch ${left} Versuch`));
  }
  const third = await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code: wrong });
  assert.match(third.html, /dreimal falsch/);
  const late = await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code });
  assert.notEqual(late.status, 303, 'the right code no longer books once the time was released');
  const { rows } = await app.db.owner.query<{ status: string; occupies: boolean }>(
    `SELECT status, occupies FROM appointments WHERE email = 'lina@example.org'`,
  );
  assert.deepEqual(rows, [{ status: 'expired', occupies: false }]);

  // The limit counts every attempt from the address, refused or not.
  let last = { status: 0, html: '' };
  for (let i = 0; i < 8 && !/Zu viele Anfragen/.test(last.html); i++)
    last = await client.post(`${WEEK}/hold`, { _csrf: csrfIn(week.html), startsAt: 'x' });
  assert.equal(last.status, 429);
  assert.match(last.html, /Zu viele Anfragen/);
});
