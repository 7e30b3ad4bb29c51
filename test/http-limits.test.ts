import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.js';
import { csrfIn } from './helpers/client.js';
import { signedInStaff } from './helpers/staff.js';

/**
 * Slow clients, stream floods, cache bypass and the answers that were 500s (issue 13, points 6
 * and 7), against the whole app with short limits, so each case ends within seconds.
 */

let app: TestApp;
before(async () => {
  app = await startTestApp({
    HTTP_HEADERS_TIMEOUT_MS: '800',
    HTTP_BODY_TIMEOUT_MS: '800',
    HTTP_REQUEST_TIMEOUT_MS: '2500',
    LIVE_STREAMS_PER_ADDRESS: '3',
    PAGE_CACHE_SECONDS: '600',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
});
after(async () => {
  await app?.close();
});

interface RawAnswer {
  readonly text: string;
  readonly ms: number;
}

/**
 * Sends `head` on a raw connection, then `drip` every 100 ms until the server closes the
 * connection (or `deadlineMs` passes, which fails): what the server answered, and when it closed.
 */
function slowClient(head: string, drip: string | null, deadlineMs: number): Promise<RawAnswer> {
  const { hostname, port } = new URL(app.base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let dripping: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the connection after ${deadlineMs} ms`));
    }, deadlineMs);
    socket.on('connect', () => {
      socket.write(head);
      if (drip !== null) dripping = setInterval(() => socket.writable && socket.write(drip), 100);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(deadline);
      resolve({ text: Buffer.concat(chunks).toString(), ms: Date.now() - started });
    });
  });
}

const host = () => new URL(app.base).host;

test('a form body sent a byte at a time is answered 408 and cut off at the body limit', async () => {
  const answer = await slowClient(
    `POST /de/accessibility/feedback HTTP/1.1\r\nHost: ${host()}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nmessage=',
    'a',
    8000,
  );
  assert.match(answer.text, /^HTTP\/1\.1 408 /);
  assert.ok(answer.ms < 4000, `held ${answer.ms} ms`);
});

test('headers sent a line at a time are answered 408 at the headers limit', async () => {
  const answer = await slowClient(`GET /de/ HTTP/1.1\r\nHost: ${host()}\r\n`, 'X-Slow: 1\r\n', 8000);
  assert.match(answer.text, /^HTTP\/1\.1 408 /);
  assert.ok(answer.ms < 4000, `held ${answer.ms} ms`);
});

test('a file upload sent slowly is cut off at the request limit', async () => {
  const boundary = 'slowslowslow';
  const answer = await slowClient(
    `POST /de/apply/address-change HTTP/1.1\r\nHost: ${host()}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file:passport"; filename="a.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.7\n',
    'x'.repeat(100),
    10_000,
  );
  assert.ok(answer.ms < 6000, `held ${answer.ms} ms`);
  if (answer.text) assert.match(answer.text, /^HTTP\/1\.1 4\d\d /);
});

/** Opens a display's live stream from a loopback address: its status, and the response to close it by. */
function openStream(localAddress: string): Promise<{ status: number; retryAfter: string | undefined; close(): void }> {
  const { hostname, port } = new URL(app.base);
  return new Promise((resolve, reject) => {
    const request = http.get({ host: hostname, port, path: '/display/mitte/events', localAddress }, (response) => {
      if (response.statusCode !== 200) response.resume();
      resolve({
        status: response.statusCode!,
        retryAfter: response.headers['retry-after'] as string | undefined,
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}

test('live streams are capped per address (429 with Retry-After); other addresses and freed places still work', async () => {
  const held = [await openStream('127.0.0.2'), await openStream('127.0.0.2'), await openStream('127.0.0.2')];
  assert.deepEqual(
    held.map((s) => s.status),
    [200, 200, 200],
  );
  const refused = await openStream('127.0.0.2');
  assert.equal(refused.status, 429);
  assert.equal(refused.retryAfter, '30');
  const other = await openStream('127.0.0.3');
  assert.equal(other.status, 200, 'another address (another office) is not affected');
  held[0]!.close();
  // The server frees the place when it sees the stream go: poll for the place itself, with a deadline.
  const deadline = Date.now() + 5000;
  let again = await openStream('127.0.0.2');
  while (again.status !== 200 && Date.now() < deadline) again = await openStream('127.0.0.2');
  assert.equal(again.status, 200, 'a closed stream frees its place');
  for (const stream of [...held, other, again]) stream.close();
});

test('unknown query parameters neither bypass the page cache nor reach its links', async () => {
  const etags = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const response = await fetch(`${app.base}/de/services?utm_${i}=${Math.random()}&x=%3Cb%3E`);
    assert.equal(response.status, 200);
    assert.ok(!(await response.text()).includes(`utm_${i}`), 'an unknown parameter in the page');
    etags.add(response.headers.get('etag')!);
  }
  // Each would have rendered its own page before (its parameters were in the language links).
  assert.equal(etags.size, 1, 'one cached page for all of them');
  // A parameter the route knows still makes its own page.
  const search = await fetch(`${app.base}/de/services?q=pass`);
  assert.notEqual(search.headers.get('etag'), [...etags][0]);
});

test('an absolute-form request target is served as its path: the host never reaches links or the cache key', async () => {
  const answer = await slowClient(
    `GET http://evil.example/de/?lang=1 HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
    null,
    8000,
  );
  assert.match(answer.text, /^HTTP\/1\.1 200 /);
  assert.ok(!answer.text.includes('evil.example'), 'the absolute target in the page');
  const after = await (await fetch(`${app.base}/de/`)).text();
  assert.ok(!after.includes('evil.example'), 'the absolute target in the cached page');
});

test('prototype names: as a query key 400, as a value ignored like any unknown notice; never 500', async () => {
  for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']) {
    const asValue = await fetch(`${app.base}/staff/login?notice=${name}`);
    assert.equal(asValue.status, 200, `notice=${name}`);
    assert.ok(!(await asValue.text()).includes('function'), `notice=${name}`);
    for (const path of ['/staff/login', '/de/services', '/de/']) {
      const asKey = await fetch(`${app.base}${path}?${name}=1`);
      assert.equal(asKey.status, 400, `${path}?${name}=1`);
      assert.match(asKey.headers.get('content-type')!, /text\/html/);
    }
  }
});

test('multipart without a boundary is refused with 400 before any parser or guard, on public and staff upload routes', async () => {
  for (const path of ['/de/apply/address-change', '/staff/renewals/imports']) {
    for (const type of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; charset=utf-8',
    ]) {
      const response = await fetch(`${app.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
      });
      assert.equal(response.status, 400, `${path} ${type}`);
    }
  }
});

test('a back target with CR/LF or another site goes back to the queue page; staff pages are no-store', async () => {
  const { client } = await signedInStaff(app, 'http-limits@musterstadt.example', 'caseworker');
  const page = await client.get('/staff/queue?location=mitte');
  assert.equal(page.status, 200);
  const csrf = csrfIn(page.html);
  for (const back of [
    '/staff/queue?location=mitte\r\nSet-Cookie: evil=1',
    '/staff/queue?\nLocation: https://evil.example',
    'https://evil.example/staff/queue?',
    '//evil.example/staff/queue?',
    '/staff/queue?ẞ',
  ]) {
    const answer = await client.post('/staff/queue/call-next', { _csrf: csrf, back, counterId: 'none' });
    assert.equal(answer.status, 303, JSON.stringify(back));
    assert.match(answer.location!, /^\/staff\/queue\?[\x21-\x7e]*$/, JSON.stringify(back));
    assert.ok(!answer.location!.includes('evil'), JSON.stringify(back));
  }
  for (const path of ['/staff', '/staff/queue?location=mitte', '/staff/profile']) {
    const response = await fetch(`${app.base}${path}`, { headers: { cookie: client.cookieHeader } });
    assert.equal(response.headers.get('cache-control'), 'no-store', path);
  }
  assert.equal((await fetch(`${app.base}/staff/login`)).headers.get('cache-control'), 'no-store');
  // Rendered per request (may hold what a person typed): no-store; the same for everyone: revalidated.
  assert.equal((await fetch(`${app.base}/de/accessibility`)).headers.get('cache-control'), 'no-store');
  assert.equal((await fetch(`${app.base}/de/appointments/manage/unknown`)).headers.get('cache-control'), 'no-store');
  assert.equal((await fetch(`${app.base}/de/`)).headers.get('cache-control'), 'no-cache');
});
