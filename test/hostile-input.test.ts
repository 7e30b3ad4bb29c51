import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { signedInStaff } from './helpers/staff.js';

let app: TestApp;
let admin: Client;
let dpo: Client;

async function staffClient(email: string, role: string): Promise<Client> {
  return (await signedInStaff(app, email, role)).client;
}

before(async () => {
  app = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_ATTEMPTS_PER_IP: '100000' });
  admin = await staffClient('admin@musterstadt.example', 'authority_admin');
  dpo = await staffClient('dsb@musterstadt.example', 'data_protection_officer');
});
after(async () => {
  await app?.close();
});

const FIELDS = [
  'q',
  'locale',
  'situation',
  'goal',
  'expiry',
  'message',
  'email',
  'page',
  'password',
  'repeat',
  'displayName',
  'roles',
  'locations',
  'language',
  'level',
  'name',
  'takenOn',
  'id',
  'code',
  'from',
  'to',
  'notice',
  'sent',
  'startsAt',
  'firstName',
  'lastName',
  'birthDate',
  'permitExpiresOn',
  'confirm',
  'altcha',
  'step',
  'back',
  'location',
  'service',
  'channel',
  'label',
  'staffUserId',
  'serviceIds',
  'weekdays',
  'opens',
  'closes',
  'day',
  'reason',
  'scope',
  'serviceId',
  'days',
  'slotsFrom',
  'slotsUntil',
  'kind',
  'counter',
  'counterId',
  'toCounterId',
  'toServiceId',
  'locationId',
  'number',
  'action',
  'weeksBefore',
  'file',
  'ended',
  'q:purpose',
  'q:address',
];

/** Hostile text: very long, control characters, SQL and HTML fragments, other scripts; each carries a marker. */
const hostile = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      "' OR 1=1 --",
      "'; DROP TABLE services; --",
      '%00',
      '\u0000\u0001\u001b[31m',
      '../../etc/passwd',
      '{{7*7}}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
      '${7*7}',
      'ثبت نام',
      'Продление',
      'İıŞğ',
      '\uD800',
      '9'.repeat(40),
      '-1',
      '1e309',
      'true',
      'null',
      '[]',
      '{}',
      '2026-02-30',
    ),
    fc.nat(5000).map((n) => 'x'.repeat(n)),
  )
  .map((text) => text);
const marked = fc.tuple(hostile, fc.nat(1_000_000)).map(([text, n]) => `${text}<hostile-${n}>"'`);

function pathFor(url: string, segment: string): string {
  return url
    .replace(':locale', 'de')
    .replace(/:(slug|id|token|location|step|code|reference)/g, encodeURIComponent(segment.toWellFormed()))
    .replace('*', 'x');
}

async function check(response: Response, label: string): Promise<void> {
  const body = await response.text();
  assert.ok(response.status < 500, `${label} answered ${response.status}: ${body.slice(0, 200)}`);
  assert.ok(
    !body.includes('<hostile-'),
    `${label} reflected markup unescaped: ${response.status} ${body.slice(Math.max(0, body.indexOf('<hostile-') - 300), body.indexOf('<hostile-') + 40)}`,
  );
}

test('found by the property below, kept: NUL bytes and over-long path segments get a 400 page, nothing echoed', async () => {
  for (const path of [
    '/de/services/%00%01x',
    '/api/v1/services/a%00b',
    `/staff/admin/staff/${'x'.repeat(300)}%3Chostile-1%3E/roles`,
  ]) {
    const response = await fetch(`${app.base}${path}`, { method: path.endsWith('/roles') ? 'POST' : 'GET' });
    assert.equal(response.status, 400, path);
    assert.ok(!(await response.text()).includes('<hostile-'), path);
  }
  const page = await new Client(app.base).get('/de/accessibility');
  const nul = await fetch(`${app.base}/de/accessibility/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: '' },
    body: new URLSearchParams({ _csrf: csrfIn(page.html), message: 'a\u0000b' }).toString(),
  });
  assert.equal(nul.status, 400);
});

test('every route, given random and hostile values, never answers 5xx and never reflects markup', async () => {
  const routes = app.app.routeTable.filter((r) => r.url !== '/staff/logout' && !r.url.startsWith('/assets'));
  assert.ok(routes.length >= 25);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(marked, fc.array(marked, { maxLength: 3 })), { maxKeys: 6 }),
      marked,
      fc.constantFrom('form', 'json', 'jsonTyped'),
      fc.constantFrom('admin', 'dpo', 'nobody'),
      async (route, fields, segment, encoding, who) => {
        const client = who === 'admin' ? admin : who === 'dpo' ? dpo : new Client(app.base);
        const url = pathFor(route.url, segment);
        if (route.method === 'GET') {
          const query = new URLSearchParams();
          for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) query.append(k, item);
          await check(
            await fetch(`${app.base}${url}?${query}`, { headers: { cookie: client.cookieHeader }, redirect: 'manual' }),
            `GET ${url}`,
          );
          return;
        }
        const csrfPage =
          route.url.startsWith('/staff/') && who !== 'nobody'
            ? '/staff/profile'
            : route.url.startsWith('/staff')
              ? '/staff/login'
              : '/de/accessibility';
        const page = await client.get(csrfPage);
        const token = page.status === 200 ? csrfIn(page.html) : '';
        const body =
          encoding === 'form'
            ? new URLSearchParams(
                Object.entries({ ...fields, _csrf: token }).flatMap(([k, v]) => [v].flat().map((item) => [k, item])),
              ).toString()
            : JSON.stringify(
                encoding === 'json'
                  ? { ...fields, _csrf: token }
                  : { ...fields, _csrf: 12, message: { nested: [1, 2] }, roles: 7 },
              );
        const response = await fetch(`${app.base}${url}`, {
          method: route.method,
          body,
          redirect: 'manual',
          headers: {
            cookie: client.cookieHeader,
            'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
          },
        });
        await check(response, `${route.method} ${url} (${encoding}, ${who})`);
      },
    ),
    { numRuns: 400 },
  );
});

test('bodies that are not what they claim to be get 4xx: broken JSON, wrong content type, too large', async () => {
  const send = (body: string, type: string) =>
    fetch(`${app.base}/de/accessibility/feedback`, { method: 'POST', body, headers: { 'content-type': type } });
  for (const [body, type] of [
    ['{"message":', 'application/json'],
    ['<xml/>', 'application/xml'],
    ['x'.repeat(70_000), 'application/x-www-form-urlencoded'],
  ]) {
    const response = await send(body!, type!);
    assert.ok(response.status >= 400 && response.status < 500, `${type}: ${response.status}`);
  }
});
