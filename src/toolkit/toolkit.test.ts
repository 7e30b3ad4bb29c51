import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { type Client, csrfIn } from '../../test/helpers/client.js';
import { signedInStaff } from '../../test/helpers/staff.js';
import path from 'node:path';
import { loadSeeds } from '../seeds.js';
import type { Context } from '../platform/context.js';
import { listPublished } from './list-published.js';
import { parseModuleText } from './module-file.js';
import { publishModule } from './publish-module.js';
import { showModule } from './show-module.js';
import { takePublished } from './take-published.js';

let app: TestApp;
let lead: Client;
let caseworker: Client;
let partner: Client;

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000', LOG_LEVEL: process.env.TEST_LOG ?? 'silent' });
  lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  caseworker = (await signedInStaff(app, 'schalter@musterstadt.example', 'caseworker')).client;
  partner = (await signedInStaff(app, 'partner@beratung.example', 'partner')).client;
});
after(async () => {
  await app?.close();
});

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'");

/** The module form's fields for a content, the way the browser sends them. */
function fields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Sicherheit im Wartebereich',
    slug: '',
    area: 'internal-organisation',
    goal: 'Ruhe im Wartebereich.',
    steps: '1. Begehung',
    materials: '- [ ] Checkliste',
    experience: '',
    features: '/staff/queue',
    note: '',
    ...overrides,
  };
}

test('the demo office has 24 modules in the five areas; the transparency guideline is binding', async () => {
  const { rows } = await app.db.owner.query<{ area: string; n: number }>(
    'SELECT area, count(*)::int AS n FROM toolkit_modules GROUP BY area ORDER BY area',
  );
  assert.equal(
    rows.reduce((sum, r) => sum + r.n, 0),
    24,
  );
  assert.equal(rows.length, 5);
  const page = await caseworker.get('/staff/toolkit');
  assert.equal(page.status, 200);
  assert.match(page.html, /Leitfaden Transparenz bei aufenthaltsbeendenden Maßnahmen/);
  assert.match(page.html, /href="\/staff\/toolkit"/, 'the navigation links the toolkit');
  const guideline = await caseworker.get('/staff/toolkit/transparenzleitfaden');
  assert.match(guideline.html, /Verbindlich für alle Beschäftigten/);
  assert.match(guideline.html, /href="\/staff\/cases"/, 'the module links the feature that supports it');
});

test('the German search finds "Anhörung" in a module that says "Anhörungen", and ranks by match', async () => {
  const { rows } = await app.db.owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM toolkit_module_versions WHERE experience ILIKE '%Anhörungen%'`,
  );
  assert.ok(rows[0]!.n >= 1, 'a seeded module says "Anhörungen"');
  const found = await caseworker.get(`/staff/toolkit?q=${encodeURIComponent('Anhörung')}`);
  assert.equal(found.status, 200);
  assert.match(found.html, /href="\/staff\/toolkit\/transparenzleitfaden"/);
  assert.match(decode(found.html), /gefunden für „Anhörung“/);
  const none = await caseworker.get(`/staff/toolkit?q=${encodeURIComponent('Quantenphysik')}`);
  assert.match(none.html, /Kein Modul gefunden/);
  const hostile = await caseworker.get(`/staff/toolkit?q=${encodeURIComponent('"( & | ! :* \'')}`);
  assert.equal(hostile.status, 200, 'any text is a valid search');
});

test('Markdown with <script>, raw HTML and javascript: links renders inert on the module page', async () => {
  const created = await lead.submit('/staff/toolkit/new', '/staff/toolkit', {
    ...fields({
      title: 'Prüfung der Darstellung',
      goal: '<script>alert("x")</script> und <img src=x onerror="alert(1)"> [Klick](javascript:alert(1))',
      steps: '[Daten](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(2)">roh</a>',
    }),
  });
  assert.equal(created.status, 303);
  assert.equal(created.location, '/staff/toolkit/pruefung-der-darstellung?notice=created');
  const page = await caseworker.get('/staff/toolkit/pruefung-der-darstellung');
  const main = page.html.slice(page.html.indexOf('<main'));
  assert.doesNotMatch(main, /<script/i);
  assert.doesNotMatch(main, /<img/i);
  assert.doesNotMatch(main, /href="(javascript|data):/i);
  assert.doesNotMatch(main, /<a href="javascript/i);
  assert.match(main, /&lt;script&gt;/);
});

test('every version is kept with author and date; an old version can be viewed; a double submit makes one version', async () => {
  const slug = 'wissensmanagement';
  const edit = await lead.get(`/staff/toolkit/${slug}/edit`);
  assert.equal(edit.status, 200);
  assert.match(edit.html, /name="baseVersion" value="1"/);
  const body = {
    ...fields({ title: 'Wissensmanagement im Amt', area: 'internal-organisation', goal: 'Neue Fassung des Ziels.' }),
    note: 'Ziel gekürzt',
    baseVersion: '1',
    _csrf: csrfIn(edit.html),
  };
  const first = await lead.post(`/staff/toolkit/${slug}`, body);
  assert.equal(first.status, 303);
  const again = await lead.post(`/staff/toolkit/${slug}`, body);
  assert.equal(again.status, 303, 'the same text sent twice is no conflict');
  const stale = await lead.post(`/staff/toolkit/${slug}`, { ...body, goal: 'Dritte Fassung, auf alter Grundlage.' });
  assert.equal(stale.status, 409, 'a version opened before another was saved is not saved over it');
  assert.match(stale.html, /Dritte Fassung, auf alter Grundlage\./, 'the text typed is kept');
  assert.match(stale.html, /name="baseVersion" value="2"/);
  const { rows } = await app.db.owner.query<{ version: number; author_name: string; note: string }>(
    `SELECT v.version, v.author_name, v.note FROM toolkit_module_versions v JOIN toolkit_modules m ON m.id = v.module_id
      WHERE m.slug = $1 ORDER BY v.version`,
    [slug],
  );
  assert.deepEqual(
    rows.map((r) => r.version),
    [1, 2],
  );
  assert.equal(rows[1]!.author_name, 'Test');
  assert.equal(rows[1]!.note, 'Ziel gekürzt');
  const history = await caseworker.get(`/staff/toolkit/${slug}/history`);
  assert.equal(history.status, 200);
  assert.match(history.html, /Ziel gekürzt/);
  assert.match(history.html, /Ausländerbehörde \(Werkzeugkoffer\)/);
  assert.match(history.html, new RegExp(`href="/staff/toolkit/${slug}/versions/1"`));
  const old = await caseworker.get(`/staff/toolkit/${slug}/versions/1`);
  assert.equal(old.status, 200);
  assert.match(old.html, /Rechtsänderungen, Weisungen/);
  assert.match(old.html, /Aktuell ist Version 2/);
  const current = await caseworker.get(`/staff/toolkit/${slug}`);
  assert.match(current.html, /Neue Fassung des Ziels\./);
  assert.equal((await caseworker.get(`/staff/toolkit/${slug}/versions/9`)).status, 404);
  assert.equal((await caseworker.get(`/staff/toolkit/${slug}/versions/x`)).status, 404);
});

test('a bad form keeps everything typed and names each fault in the staff language', async () => {
  const page = await lead.get('/staff/toolkit/new');
  const bad = await lead.post('/staff/toolkit', {
    ...fields({ title: '', goal: '', steps: 'Mein langer Entwurf der Schritte', features: 'https://evil.example' }),
    _csrf: csrfIn(page.html),
  });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /Geben Sie einen Titel ein\./);
  assert.match(bad.html, /Beschreiben Sie das Ziel des Moduls\./);
  assert.match(bad.html, /Funktionen sind Pfade im Mitarbeiterbereich/);
  assert.match(bad.html, /Mein langer Entwurf der Schritte/);
  assert.match(bad.html, /https:\/\/evil\.example/);
  const taken = await lead.post('/staff/toolkit', {
    ...fields({ slug: 'servicepoint', title: 'Etwas anderes' }),
    _csrf: csrfIn(page.html),
  });
  assert.equal(taken.status, 409);
  assert.match(taken.html, /Es gibt schon ein anderes Modul mit diesem Kurznamen/);
});

test('a caseworker and a partner cannot edit: neither the pages nor the POSTs', async () => {
  for (const path of ['/staff/toolkit/new', '/staff/toolkit/servicepoint/edit', '/staff/toolkit/import']) {
    assert.equal((await caseworker.get(path)).status, 403, path);
  }
  const list = await caseworker.get('/staff/toolkit');
  assert.doesNotMatch(list.html, /href="\/staff\/toolkit\/new"/);
  const csrf = csrfIn(list.html);
  const posts: [string, Record<string, string>][] = [
    ['/staff/toolkit', { ...fields({ title: 'Heimlich' }), _csrf: csrf }],
    ['/staff/toolkit/servicepoint', { ...fields({ title: 'Servicepoint' }), baseVersion: '1', _csrf: csrf }],
    ['/staff/toolkit/servicepoint/binding', { binding: 'true', _csrf: csrf }],
  ];
  for (const [path, form] of posts) assert.equal((await caseworker.post(path, form)).status, 403, path);
  assert.equal((await caseworker.get('/staff/toolkit/transparenzleitfaden/unread')).status, 403);
  const { rows } = await app.db.owner.query(
    "SELECT 1 FROM toolkit_modules WHERE slug = 'heimlich' OR (slug = 'servicepoint' AND (current_version > 1 OR binding))",
  );
  assert.deepEqual(rows, []);
  assert.equal((await partner.get('/staff/toolkit')).status, 403, 'the toolkit is not for partners');
});

test('read marks: binding modules are confirmed per person and version; the team lead sees who has not', async () => {
  const slug = 'transparenzleitfaden';
  const before = await lead.get(`/staff/toolkit/${slug}/unread`);
  assert.equal(before.status, 200);
  assert.match(before.html, /Olena Kovalenko/);
  const page = await caseworker.get(`/staff/toolkit/${slug}`);
  assert.match(page.html, /Ich habe Version 1 gelesen/);
  const read = await caseworker.post(`/staff/toolkit/${slug}/read`, { version: '1', _csrf: csrfIn(page.html) });
  assert.equal(read.status, 303);
  const twice = await caseworker.post(`/staff/toolkit/${slug}/read`, { version: '1', _csrf: csrfIn(page.html) });
  assert.equal(twice.status, 303);
  const marked = await caseworker.get(read.location!);
  assert.match(marked.html, /als gelesen bestätigt/);
  assert.doesNotMatch(marked.html, /Ich habe Version 1 gelesen/);
  const { rows: marks } = await app.db.owner.query(
    'SELECT 1 FROM toolkit_read_marks r JOIN toolkit_modules m ON m.id = r.module_id WHERE m.slug = $1',
    [slug],
  );
  assert.equal(marks.length, 1, 'marking twice keeps one mark');
  // A new version resets everyone's mark.
  const edit = await lead.get(`/staff/toolkit/${slug}/edit`);
  const title = decode(/name="title" value="([^"]+)"/.exec(edit.html)![1]!);
  const saved = await lead.post(`/staff/toolkit/${slug}`, {
    ...fields({ title, area: 'self-understanding', goal: 'Frist jetzt drei Wochen.', features: '/staff/cases' }),
    baseVersion: '1',
    _csrf: csrfIn(edit.html),
  });
  assert.equal(saved.status, 303);
  const after = await caseworker.get(`/staff/toolkit/${slug}`);
  assert.match(after.html, /Sie hatten Version 1 gelesen/);
  assert.match(after.html, /Ich habe Version 2 gelesen/);
  const late = await caseworker.post(`/staff/toolkit/${slug}/read`, { version: '1', _csrf: csrfIn(after.html) });
  assert.equal(late.location, `/staff/toolkit/${slug}?notice=newerVersion`, 'confirming an old version does not count');
  const report = await lead.get(`/staff/toolkit/${slug}/unread`);
  assert.match(report.html, /Version 1 gelesen/);
  const { rows: audit } = await app.db.owner.query("SELECT 1 FROM audit_log WHERE action = 'toolkit.readers_viewed'");
  assert.ok(audit.length >= 2, 'looking at who has read is recorded');
});

test('export and import: a module round-trips as a file; the same file twice changes nothing', async () => {
  const exported = await caseworker.get('/staff/toolkit/netzwerktreffen/export');
  assert.equal(exported.status, 200);
  const parsed = parseModuleText(exported.html);
  assert.ok(parsed.ok);
  assert.equal(parsed.file.content.title, 'Netzwerktreffen');
  const changed = exported.html
    .replace('slug: netzwerktreffen', 'slug: netzwerktreffen-nord')
    .replace('"Netzwerktreffen"', '"Netzwerktreffen Nord"');
  const upload = async (bytes: Buffer | string, name = 'modul.md') => {
    const page = await lead.get('/staff/toolkit/import');
    const form = new FormData();
    form.append('_csrf', csrfIn(page.html));
    form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
    return lead.postMultipart('/staff/toolkit/import', form);
  };
  const first = await upload(changed);
  assert.equal(first.status, 303, first.html.slice(0, 300));
  assert.equal(first.location, '/staff/toolkit/netzwerktreffen-nord?notice=imported');
  assert.equal((await upload(changed)).status, 303);
  const { rows } = await app.db.owner.query<{ current_version: number }>(
    "SELECT current_version FROM toolkit_modules WHERE slug = 'netzwerktreffen-nord'",
  );
  assert.deepEqual(rows, [{ current_version: 1 }]);
  const again = await lead.get('/staff/toolkit/netzwerktreffen-nord/export');
  const back = parseModuleText(again.html);
  assert.ok(back.ok);
  assert.deepEqual(
    { ...back.file.content, slug: 'netzwerktreffen', title: 'Netzwerktreffen' },
    parsed.file.content,
    'the imported module says what the exported one said',
  );
});

test('bad files are refused with a clear error in the staff language, and what was read is kept', async () => {
  const page = await lead.get('/staff/toolkit/import');
  const send = async (bytes: Buffer | null, text = '') => {
    const form = new FormData();
    form.append('_csrf', csrfIn(page.html));
    form.append('text', text);
    if (bytes) form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), 'modul.md');
    return lead.postMultipart('/staff/toolkit/import', form);
  };
  const good = (await caseworker.get('/staff/toolkit/teamentwicklung/export')).html;
  const latin1 = await send(Buffer.from(good.replace('teamentwicklung', 'team-latin'), 'latin1'));
  assert.equal(latin1.status, 422);
  assert.match(latin1.html, /nicht in UTF-8 gespeichert/);
  const badArea = await send(Buffer.from(good.replace('area: competences', 'area: kantine')));
  assert.equal(badArea.status, 422);
  assert.match(badArea.html, /Wählen Sie einen der fünf Bereiche\./);
  assert.match(badArea.html, /Teamklausur einmal im Jahr/, 'the file’s text is kept in the form');
  const unknown = await send(null, `${good.replace('slug: teamentwicklung', 'autorin: Ich')}`);
  assert.match(decode(unknown.html), /unbekannte Feld „autorin“/);
  assert.match(unknown.html, /autorin: Ich/, 'the pasted text is kept');
  const nothing = await send(null);
  assert.equal(nothing.status, 422);
  assert.match(nothing.html, /Wählen Sie eine Datei aus oder fügen Sie den Inhalt ein\./);
  const big = await send(Buffer.alloc(300 * 1024, 0x61));
  assert.equal(big.status, 413);
  assert.match(big.html, /größer als 200 KB/);
  const binary = await send(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
  assert.match(binary.html, /keine Textdatei/);
  const noCsrf = new FormData();
  noCsrf.append('text', good);
  assert.equal((await lead.postMultipart('/staff/toolkit/import', noCsrf)).status, 403);
  const en = await lead.get('/staff/toolkit/teamentwicklung');
  assert.equal(en.status, 200);
});

test('publishing: another authority sees only what was published, takes a copy under its own tenancy', async () => {
  const { authorityId: other } = await loadSeeds(
    app.db.owner,
    path.resolve(import.meta.dirname, '../../test/fixtures/other-authority'),
  );
  const userId = (
    await app.db.owner.query<{ id: string }>(
      `INSERT INTO staff_users (authority_id, email, display_name, status) VALUES ($1, 'lead@beispielkreis.example', 'Bea Beispiel', 'invited') RETURNING id`,
      [other],
    )
  ).rows[0]!.id;
  const ctx: Context = {
    pool: app.db.pool,
    authorityId: other,
    actor: {
      kind: 'staff',
      userId,
      email: 'lead@beispielkreis.example',
      authorityId: other,
      roles: [{ role: 'team_lead', locationIds: null, serviceIds: null }],
      ip: '127.0.0.1',
    },
  };
  assert.deepEqual(await listPublished(ctx), [], 'nothing is published yet');
  assert.deepEqual(await showModule({ slug: 'kundenbefragung' }, ctx), { ok: false, reason: 'notFound' });

  const page = await lead.get('/staff/toolkit/kundenbefragung');
  const published = await lead.post('/staff/toolkit/kundenbefragung/publish', {
    published: 'true',
    _csrf: csrfIn(page.html),
  });
  assert.equal(published.location, '/staff/toolkit/kundenbefragung?notice=published');
  const offered = (await listPublished(ctx))!;
  assert.deepEqual(
    offered.map((m) => [m.content.slug, m.content.title]),
    [['kundenbefragung', 'Kundenbefragung']],
  );
  const demoId = offered[0]!.authorityId;
  assert.notEqual(demoId, other);
  assert.deepEqual(
    await takePublished({ authorityId: demoId, slug: 'servicepoint' }, ctx),
    {
      ok: false,
      reason: 'notFound',
    },
    'an unpublished module cannot be taken',
  );
  assert.deepEqual(await takePublished({ authorityId: demoId, slug: 'kundenbefragung' }, ctx), {
    ok: true,
    slug: 'kundenbefragung',
    created: true,
  });
  const copy = await showModule({ slug: 'kundenbefragung' }, ctx);
  assert.ok(copy.ok);
  assert.equal(copy.view.module.authorityId, other);
  assert.equal(copy.view.shown.authorName, 'Bea Beispiel');

  // The copy is the other authority's own: publishing is per authority, and the demo office sees no module of theirs until they publish.
  const shared = await lead.get('/staff/toolkit/shared');
  assert.equal(shared.status, 200);
  assert.match(shared.html, /Zurzeit hat keine andere Behörde ein Modul veröffentlicht/);
  assert.ok((await publishModule({ slug: 'kundenbefragung', published: true }, ctx)).ok);
  const sharedNow = await lead.get('/staff/toolkit/shared');
  assert.match(sharedNow.html, /Kundenbefragung/);
  assert.doesNotMatch(sharedNow.html, /Servicepoint/);

  const withdrawn = await lead.post('/staff/toolkit/kundenbefragung/publish', {
    published: 'false',
    _csrf: csrfIn(page.html),
  });
  assert.equal(withdrawn.status, 303);
  assert.deepEqual(await listPublished(ctx), []);
  assert.equal((await caseworker.get('/staff/toolkit/shared')).status, 403);
});
