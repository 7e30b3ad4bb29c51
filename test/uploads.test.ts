import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.js';
import { EXTENSION_ANSWERS } from './helpers/applications.js';
import { Client, csrfIn } from './helpers/client.js';
import { jpegHead, postStreamed, type StreamedPart } from './helpers/multipart-stream.js';
import { solvedChallenge } from './helpers/pow.js';
import { signedInStaff } from './helpers/staff.js';

// Small quotas, so that a flood reaches them in a few requests: a draft holds 1 MiB, an address
// stores 2 MiB and starts 3 drafts a day, the authority stores 3 MiB. Above 10 posts with files
// a minute, uploads need a proof of work; one request at a time may receive files.
let app: TestApp;
before(async () => {
  app = await startTestApp({
    UPLOAD_DRAFT_MB: '1',
    UPLOAD_ADDRESS_DAY_MB: '2',
    UPLOAD_AUTHORITY_DAY_MB: '3',
    DRAFTS_PER_ADDRESS_DAY: '3',
    UPLOAD_POW_ABOVE_PER_MINUTE: '10',
    UPLOAD_CONCURRENCY: '1',
  });
});
after(async () => app?.close());

const SERVICE = 'residence-permit-extension';
const FILE = 700 * 1024; // three of them are more than 2 MiB, two more than 1 MiB
const PERSON = {
  firstName: 'Mehmet',
  lastName: 'Yılmaz',
  birthDate: '1985-02-03',
  email: 'mehmet@example.org',
  locale: 'tr',
  permitExpiresOn: `${new Date().getUTCFullYear() + 1}-06-30`,
};

const jpeg = (size: number): StreamedPart => ({
  name: 'file:passport',
  file: { fileName: 'pass.jpg', head: jpegHead(), size },
});

async function countOf(table: 'application_files' | 'application_drafts'): Promise<number> {
  const { rows } = await app.db.owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]!.n);
}

/** Opens the form (new browser unless given), then posts the person, the files and, if the page asks for one and not told otherwise, a solved challenge. */
async function apply(
  address: string,
  files: StreamedPart[],
  { browser = new Client(app.base), locale = 'de', proof = true } = {},
) {
  const page = await browser.get(`/${locale}/apply/${SERVICE}`);
  assert.equal(page.status, 200);
  const fields = { _csrf: csrfIn(page.html), ...PERSON, ...EXTENSION_ANSWERS, action: 'save' };
  const parts: StreamedPart[] = [
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    ...(proof && page.html.includes('data-pow=') ? [{ name: 'altcha', value: await solvedChallenge(page.html) }] : []),
    ...files,
  ];
  const answer = await postStreamed(`${app.base}/${locale}/apply/${SERVICE}`, parts, {
    cookie: browser.cookieHeader,
    localAddress: address,
  });
  const draft = [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('wk_draft='));
  if (draft) browser.setCookie('wk_draft', draft.split(';')[0]!.slice('wk_draft='.length));
  return { ...answer, browser, challenged: page.html.includes('data-pow=') };
}

const typedBack = (html: string) => html.includes('value="Mehmet"') && html.includes('value="mehmet@example.org"');

test('a draft, an address and the authority each stop at their quota; refusals say why in the reader language and keep what was typed and stored', async () => {
  // A: one request with two files; the second does not fit into the draft.
  const first = await apply('127.0.0.2', [jpeg(FILE), jpeg(FILE)]);
  assert.equal(first.status, 422);
  assert.match(first.html, /keinen Platz mehr/);
  assert.ok(typedBack(first.html), 'the typed details come back');
  assert.equal(await countOf('application_files'), 1);

  // The same draft again: still full, and the file already stored stays.
  const again = await apply('127.0.0.2', [jpeg(FILE)], { browser: first.browser });
  assert.equal(again.status, 422);
  assert.match(again.html, /pass\.jpg/);
  assert.equal(await countOf('application_files'), 1);

  // A second draft from A fits (1.4 MB today); a third does not fit into A's 2 MiB of the day.
  assert.equal((await apply('127.0.0.2', [jpeg(FILE)])).status, 200);
  const third = await apply('127.0.0.2', [jpeg(FILE)], { locale: 'tr' });
  assert.equal(third.status, 422);
  assert.match(third.html, /İnternet bağlantınızdan bugün/);
  assert.ok(typedBack(third.html));
  assert.equal(await countOf('application_files'), 2);

  // A fourth draft from A: refused whole, in Ukrainian, with the form as typed; no draft stored.
  const drafts = await countOf('application_drafts');
  const fourth = await apply('127.0.0.2', [], { locale: 'uk' });
  assert.equal(fourth.status, 429);
  assert.match(fourth.html, /вже розпочато стільки заяв/);
  assert.ok(typedBack(fourth.html));
  assert.equal(await countOf('application_drafts'), drafts);

  // B fills the authority's 3 MiB of the day; C, a new address, then finds no room either.
  assert.equal((await apply('127.0.0.3', [jpeg(FILE)])).status, 200);
  assert.equal((await apply('127.0.0.3', [jpeg(FILE)])).status, 200);
  const late = await apply('127.0.0.4', [jpeg(FILE)], { locale: 'ar' });
  assert.equal(late.status, 422);
  assert.match(late.html, /تلقّت الدائرة اليوم/);
  assert.equal(await countOf('application_files'), 4);

  // The admin's count agrees with what is stored: 4 files of 700 KiB today.
  const { rows } = await app.db.owner.query<{ bytes: string; files: number }>(
    `SELECT bytes, files FROM upload_usage WHERE client_key = '\\x'::bytea`,
  );
  assert.deepEqual(rows, [{ bytes: String(4 * FILE), files: 4 }]);
});

test('under pressure, files without a solved proof of work are refused by name and the details kept', async () => {
  // Posts with files until the form asks for a proof of work (the first test made most of them).
  const browser = new Client(app.base);
  const deadline = Date.now() + 20_000;
  let answer = await apply('127.0.0.5', [jpeg(1000)], { browser, proof: false, locale: 'en' });
  while (!answer.challenged && Date.now() < deadline) {
    answer = await apply('127.0.0.5', [jpeg(1000)], { browser, proof: false, locale: 'en' });
  }
  assert.ok(answer.challenged, 'the form asked for a proof of work');
  assert.equal(answer.status, 422);
  assert.match(answer.html, /must briefly solve a computing task/);
  assert.match(answer.html, /data-pow=/, 'the page carries a new challenge');
  assert.ok(typedBack(answer.html));
  // Solved, the same upload is taken.
  assert.equal((await apply('127.0.0.5', [jpeg(1000)], { browser, locale: 'en' })).status, 200);
});

test('while every upload slot is taken, files are not received: 503 with Retry-After, the form filled', async () => {
  const browser = new Client(app.base);
  const page = await browser.get(`/de/apply/${SERVICE}`);
  const stop = new AbortController();
  // Holds the only slot: its file has begun to arrive, the rest never comes.
  const holding = postStreamed(
    `${app.base}/de/apply/${SERVICE}`,
    [{ name: '_csrf', value: csrfIn(page.html) }, jpeg(5 * 1024 * 1024)],
    { cookie: browser.cookieHeader, localAddress: '127.0.0.6', holdAfter: 1024 * 1024, signal: stop.signal },
  ).catch(() => null);
  const deadline = Date.now() + 10_000;
  let busy: Awaited<ReturnType<typeof apply>> | null = null;
  while (Date.now() < deadline) {
    const tried = await apply('127.0.0.7', [jpeg(1000)], { locale: 'en' });
    if (tried.status === 503) {
      busy = tried;
      break;
    }
  }
  stop.abort();
  await holding;
  assert.ok(busy, 'a post with files met a full set of slots');
  assert.equal(busy.headers['retry-after'], '30');
  assert.match(busy.html, /uploading files right now/);
  assert.ok(typedBack(busy.html));
});

test('a body announced above the limit is refused before it is read (413); multipart without a boundary is a 400 page', async () => {
  const browser = new Client(app.base);
  const page = await browser.get(`/de/apply/${SERVICE}`);
  const huge = await postStreamed(
    `${app.base}/de/apply/${SERVICE}`,
    [{ name: '_csrf', value: csrfIn(page.html) }, jpeg(300 * 1024 * 1024)],
    { cookie: browser.cookieHeader },
  );
  assert.equal(huge.status, 413);
  assert.ok(huge.sentWhenAnswered < huge.total / 10, `answered after ${huge.sentWhenAnswered} of ${huge.total} bytes`);

  const lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  for (const [path, cookie] of [
    [`/de/apply/${SERVICE}`, browser.cookieHeader],
    ['/de/status/some-token/documents', browser.cookieHeader],
    ['/de/status/mine/A-AAAA-AAAA/documents', browser.cookieHeader],
    ['/staff/renewals/imports', lead.cookieHeader],
  ] as const) {
    for (const contentType of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; charset=utf-8',
    ]) {
      const answer = await postStreamed(`${app.base}${path}`, [{ name: 'a', value: 'b' }], { cookie, contentType });
      assert.equal(answer.status, 400, `${path} with ${contentType}`);
      assert.match(String(answer.headers['content-type']), /text\/html/);
    }
  }
});

test('the staff import refuses a request without a session before its body is read', async () => {
  const answer = await postStreamed(
    `${app.base}/staff/renewals/imports`,
    [
      { name: '_csrf', value: 'x' },
      { name: 'file', file: { fileName: 'r.csv', head: Buffer.from('a;b\n'), size: 19 * 1024 * 1024 } },
    ],
    {},
  );
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.location, '/staff/login');
  assert.ok(
    answer.sentWhenAnswered < answer.total / 2,
    `answered after ${answer.sentWhenAnswered} of ${answer.total} bytes`,
  );
  // Signed in without the action (a caseworker): refused just as early.
  const caseworker = (await signedInStaff(app, 'schalter@musterstadt.example', 'caseworker')).client;
  const refused = await postStreamed(
    `${app.base}/staff/renewals/imports`,
    [
      { name: '_csrf', value: 'x' },
      { name: 'file', file: { fileName: 'r.csv', head: Buffer.from('a;b\n'), size: 19 * 1024 * 1024 } },
    ],
    { cookie: caseworker.cookieHeader },
  );
  assert.equal(refused.status, 403);
  assert.ok(refused.sentWhenAnswered < refused.total / 2);
});

test("the authority's admin sees storage use and the quotas; a caseworker does not", async () => {
  const admin = (await signedInStaff(app, 'admin-storage@musterstadt.example', 'authority_admin')).client;
  const page = await admin.get('/staff/admin/storage');
  assert.equal(page.status, 200);
  assert.match(page.html, /Speicher für Uploads/);
  // The first test stored 4 files of 700 KiB today (and the others a few small ones).
  assert.match(page.html, /Heute hochgeladen/);
  assert.match(page.html, /1 MB/, 'the draft quota of this app');
  const caseworker = (await signedInStaff(app, 'schalter2@musterstadt.example', 'caseworker')).client;
  assert.equal((await caseworker.get('/staff/admin/storage')).status, 403);
});
