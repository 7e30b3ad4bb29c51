import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { type Client, csrfIn } from '../../test/helpers/client.js';
import { signedInStaff } from '../../test/helpers/staff.js';
import { STAFF_CATALOGUES } from '../platform/i18n/catalogues.js';

let app: TestApp;
let lead: Client;
let caseworker: Client;
before(async () => {
  // The page cache on, as in production: a directory edit must still show at once.
  app = await startTestApp({
    PAGE_CACHE_SECONDS: '300',
    LOGIN_ATTEMPTS_PER_IP: '1000',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
  });
  lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  caseworker = (await signedInStaff(app, 'schalter@musterstadt.example', 'caseworker')).client;
});
after(async () => {
  await app?.close();
});

const de = (key: string) => STAFF_CATALOGUES.de[key]!.replaceAll('"', '&quot;').replaceAll("'", '&#39;');
const partnerId = async (slug: string) =>
  (await app.db.owner.query<{ id: string }>('SELECT id FROM partner_organisations WHERE slug = $1', [slug])).rows[0]!
    .id;
const serviceId = async (slug: string) =>
  (await app.db.owner.query<{ id: string }>('SELECT id FROM services WHERE slug = $1', [slug])).rows[0]!.id;
const count = async () =>
  Number((await app.db.owner.query<{ n: string }>('SELECT count(*) AS n FROM partner_organisations')).rows[0]!.n);
const audits = async (action: string) =>
  (await app.db.owner.query<{ object_id: string }>('SELECT object_id FROM audit_log WHERE action = $1', [action])).rows;
const publicHtml = async (path: string) => (await fetch(app.base + path)).text();

/** The form's fields of a new partner, complete and valid. */
const newPartner = (service: string) => ({
  name: 'Caritas Schuldnerberatung Musterstadt',
  slug: 'schuldnerberatung',
  kind: 'other',
  languages: 'de, ar, fa',
  street: 'Kirchstraße 9',
  postalCode: '31134',
  city: 'Musterstadt',
  phone: '+49 5121 1744-50',
  email: 'schulden@caritas-musterstadt.example.org',
  website: 'https://caritas-musterstadt.example.org',
  'summary.de': 'Die Schuldnerberatung hilft kostenlos, wenn Sie Schulden haben.',
  'summary.ar': 'تساعدك استشارات الديون مجانًا إذا كانت عليك ديون.',
  'hours.de': 'Mo und Mi 9:00–12:00',
  'offer.0.title.de': 'Beratung bei Schulden',
  'offer.0.title.ar': 'استشارة بشأن الديون',
  [`service.${service}`]: 'alongside',
});

describe('the partner directory admin', () => {
  test('a caseworker can neither open nor change the directory, by URL or by POST', async () => {
    const id = await partnerId('jobcenter-musterstadt');
    for (const path of ['/staff/partners', '/staff/partners/new', `/staff/partners/${id}`])
      assert.equal((await caseworker.get(path)).status, 403, path);
    const csrf = csrfIn((await caseworker.get('/staff')).html);
    const before = await count();
    const created = await caseworker.post('/staff/partners', {
      _csrf: csrf,
      ...newPartner(await serviceId('residence-permit')),
    });
    assert.equal(created.status, 403);
    assert.equal((await caseworker.post(`/staff/partners/${id}`, { _csrf: csrf, name: 'X' })).status, 403);
    assert.equal((await caseworker.post(`/staff/partners/${id}/active`, { _csrf: csrf, active: 'no' })).status, 403);
    assert.equal(await count(), before, 'nothing created');
    assert.match(await publicHtml('/de/help'), /id="partner-jobcenter-musterstadt"/, 'still active');
  });

  test('bad input: 400, each error named in German, everything typed kept, nothing stored', async () => {
    const list = await lead.get('/staff/partners');
    assert.equal(list.status, 200);
    assert.ok(list.html.includes('Jobcenter Musterstadt'));
    const before = await count();
    const form = await lead.get('/staff/partners/new');
    const refused = await lead.post('/staff/partners', {
      _csrf: csrfIn(form.html),
      ...newPartner(await serviceId('residence-permit')),
      name: '',
      postalCode: '3113',
      website: 'http://caritas.example.org',
      'summary.de': '',
      'hours.fa': 'شنبه‌ها',
    });
    assert.equal(refused.status, 400);
    for (const key of [
      'partners.error.name',
      'partners.error.postalCode',
      'partners.error.website',
      'partners.error.summaryDe',
      'partners.error.summaryMissing',
    ])
      assert.ok(refused.html.includes(de(key)), key);
    // What was typed is all still there, in every script.
    for (const typed of [
      'Kirchstraße 9',
      '3113',
      'تساعدك استشارات الديون مجانًا إذا كانت عليك ديون.',
      'شنبه‌ها',
      'استشارة بشأن الديون',
    ])
      assert.ok(refused.html.includes(typed), typed);
    assert.equal(await count(), before);
  });

  test('create redirects; a second identical POST creates nothing; the service page shows the new partner', async () => {
    const service = await serviceId('residence-permit');
    // Cached before the edit: the edit must clear it.
    assert.ok(!(await publicHtml('/ar/services/residence-permit')).includes('partner-schuldnerberatung'));
    const form = await lead.get('/staff/partners/new');
    const fields = { _csrf: csrfIn(form.html), ...newPartner(service) };
    const created = await lead.post('/staff/partners', fields);
    assert.equal(created.status, 303);
    const id = await partnerId('schuldnerberatung');
    assert.equal(created.location, `/staff/partners/${id}?notice=created`);
    const again = await lead.post('/staff/partners', fields);
    assert.equal(again.status, 400, 'the double click');
    assert.ok(again.html.includes(de('partners.error.slugTaken')));
    assert.equal(
      (await app.db.owner.query("SELECT 1 FROM partner_organisations WHERE slug = 'schuldnerberatung'")).rowCount,
      1,
    );
    assert.deepEqual(await audits('partner.created'), [{ object_id: id }]);
    const page = await publicHtml('/ar/services/residence-permit');
    assert.ok(page.includes('href="/ar/help#partner-schuldnerberatung"'));
    assert.ok(page.includes('استشارة بشأن الديون'), 'the offer in Arabic');
    // German stands in where a language has no text.
    assert.ok((await publicHtml('/tr/help')).includes('Die Schuldnerberatung hilft kostenlos'));
  });

  test('an edit shows on the public pages at once; deactivating takes the partner off them', async () => {
    const id = await partnerId('iq-anerkennung');
    const before = await publicHtml('/de/services/fast-track-skilled-workers');
    assert.ok(before.includes('Abschluss anerkennen lassen'));
    const edit = await lead.get(`/staff/partners/${id}`);
    assert.equal(edit.status, 200);
    assert.ok(edit.html.includes('value="Abschluss anerkennen lassen"'), 'the form shows the stored offer');
    const values = Object.fromEntries(
      [...edit.html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!.replaceAll('&amp;', '&'),
      ]),
    );
    const textareas = Object.fromEntries(
      [...edit.html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</g)].map((m) => [m[1]!, m[2]!]),
    );
    const selects = Object.fromEntries(
      [...edit.html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/g)].flatMap((m) => {
        const chosen = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1];
        return chosen ? [[m[1]!, chosen]] : [];
      }),
    );
    const saved = await lead.post(`/staff/partners/${id}`, {
      ...values,
      ...textareas,
      ...selects,
      'offer.0.title.de': 'Ausländischen Abschluss anerkennen lassen',
    });
    assert.equal(saved.status, 303, saved.html.slice(0, 500));
    assert.equal(saved.location, `/staff/partners/${id}?notice=saved`);
    const after = await publicHtml('/de/services/fast-track-skilled-workers');
    assert.ok(after.includes('Ausländischen Abschluss anerkennen lassen'), 'the cached page was renewed');
    // Everything else stayed as it was: other languages, the links to services.
    assert.ok((await publicHtml('/uk/services/fast-track-skilled-workers')).includes('Визнання вашої кваліфікації'));
    assert.ok((await publicHtml('/de/services/eu-blue-card')).includes('partner-iq-anerkennung'));
    assert.equal((await audits('partner.updated')).length, 1);

    const deactivated = await lead.post(`/staff/partners/${id}/active`, { _csrf: csrfIn(edit.html), active: 'no' });
    assert.equal(deactivated.status, 303);
    assert.ok(!(await publicHtml('/de/help')).includes('partner-iq-anerkennung'));
    assert.ok(!(await publicHtml('/de/services/fast-track-skilled-workers')).includes('partner-iq-anerkennung'));
    assert.deepEqual(await audits('partner.deactivated'), [{ object_id: id }]);
    assert.ok((await lead.get('/staff/partners')).html.includes(de('partners.admin.inactive')));
    // An unknown partner: 404, not a 500.
    assert.equal((await lead.get('/staff/partners/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await lead.get('/staff/partners/not-an-id')).status, 404);
  });
});
