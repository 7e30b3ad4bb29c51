import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOCALES } from '../src/platform/i18n/locales.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.base}${path}`, { headers, redirect: 'manual' });
const html = async (path: string, status = 200) => {
  const response = await get(path);
  assert.equal(response.status, status, `${path} answered ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  return response.text();
};

describe('language', () => {
  test('/ sends the browser to its language, or German', async () => {
    for (const [header, target] of [
      ['ar-EG,ar;q=0.9', '/ar/'],
      ['fr, en;q=0.5', '/en/'],
      ['', '/de/'],
      ['zh', '/de/'],
    ] as const) {
      const response = await get('/', header ? { 'accept-language': header } : {});
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), target);
      assert.match(response.headers.get('vary') ?? '', /Accept-Language/);
    }
  });

  test('every language has its start page with the right lang and direction and a switcher to all others', async () => {
    for (const locale of LOCALES) {
      const page = await html(`/${locale}/`);
      const dir = locale === 'ar' || locale === 'fa' ? 'rtl' : 'ltr';
      assert.match(page, new RegExp(`<html lang="${locale}" dir="${dir}">`));
      for (const other of LOCALES)
        if (other !== locale) assert.match(page, new RegExp(`href="/${other}/" hreflang="${other}"`));
    }
  });

  test('the language switcher keeps the page and the search', async () => {
    const page = await html('/de/services?q=Pass');
    assert.match(page, /href="\/ar\/services\?q=Pass"/);
  });

  test('an unknown language gets a 404 page with links to all seven languages', async () => {
    const page = await html('/xx/services', 404);
    for (const locale of LOCALES) assert.match(page, new RegExp(`href="/${locale}/"`));
    await html('/klingon/', 404);
  });
});

describe('catalogue', () => {
  test('lists at least 15 services with fee and names in every language', async () => {
    for (const locale of LOCALES) {
      const response = await get(`/api/v1/services?locale=${locale}`);
      assert.equal(response.status, 200);
      const { services } = (await response.json()) as {
        services: { id: string; name: string; feeCents: number; url: string }[];
      };
      assert.ok(services.length >= 15, `${locale}: ${services.length} services`);
      for (const s of services) assert.ok(s.name.length > 0 && Number.isInteger(s.feeCents));
      const page = await html(`/${locale}/services`);
      for (const s of services) assert.ok(page.includes(`href="${s.url}"`), `${locale} page lacks ${s.url}`);
    }
  });

  test('search finds services by words in any of the seven languages, whatever the page language', async () => {
    const queries: [string, string][] = [
      ['de', 'Verlängerung'],
      ['en', 'Blue Card'],
      ['tr', 'uzatma'],
      ['uk', 'продовження'],
      ['ar', 'تمديد'],
      ['ru', 'продление'],
      ['fa', 'تمدید'],
    ];
    for (const [, query] of queries) {
      for (const pageLocale of ['de', 'ar'] as const) {
        const response = await get(`/api/v1/services?locale=${pageLocale}&q=${encodeURIComponent(query)}`);
        const { services } = (await response.json()) as { services: unknown[] };
        assert.ok(services.length >= 1, `"${query}" found nothing (${pageLocale})`);
      }
    }
    const page = await html(`/de/services?q=${encodeURIComponent('Verlängerung')}`);
    assert.match(page, /residence-permit-extension/);
  });

  test('a search for nothing known says so and offers the guide', async () => {
    const page = await html('/en/services?q=zebrafish');
    assert.match(page, /No service found for “zebrafish”/);
    assert.match(page, /href="\/en\/guide"/);
  });

  test('one service shows documents, fee, legal basis, durations and locations', async () => {
    const response = await get('/api/v1/services/residence-permit-extension?locale=en');
    assert.equal(response.status, 200);
    const service = (await response.json()) as {
      feeCents: number;
      legalBasis: string;
      documents: { name: string }[];
      locations: { name: string }[];
      appointmentMinutes: number;
      processingDays: { min: number; max: number };
    };
    assert.equal(service.feeCents, 9300);
    assert.match(service.legalBasis, /AufenthG/);
    assert.ok(service.documents.length >= 3);
    assert.ok(service.locations.length >= 1);
    const page = await html('/en/services/residence-permit-extension');
    assert.ok(page.includes('€93.00'), 'fee formatted for English');
    for (const d of service.documents) assert.ok(page.includes(d.name.replace(/&/g, '&amp;')), `document ${d.name}`);
    for (const l of service.locations) assert.ok(page.includes(l.name), `location ${l.name}`);
    const german = await html('/de/services/residence-permit-extension');
    assert.match(german, /93,00\s€/u, 'fee formatted for German');
  });

  test('an unknown service is a 404 in the chosen language, on the page and in the API', async () => {
    const page = await html('/ar/services/no-such-service', 404);
    assert.match(page, /<html lang="ar" dir="rtl">/);
    const response = await get('/api/v1/services/no-such-service?locale=tr');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  });
});

describe('guide', () => {
  test('leads in a few steps to the extension, with the advice on §81(4)', async () => {
    const first = await html('/en/guide');
    assert.match(first, /name="situation"/);
    const second = await html('/en/guide?situation=permit');
    assert.match(second, /name="goal"/);
    assert.match(second, /type="hidden" name="situation" value="permit"/);
    const result = await html('/en/guide?situation=permit&goal=extend&expiry=soon');
    assert.match(result, /href="\/en\/services\/residence-permit-extension"/);
    assert.match(result, /Fiktionsbescheinigung/);
  });

  test('an answer that is not offered shows the question again with a message', async () => {
    const page = await html('/de/guide?situation=permit&goal=%3Cscript%3E', 400);
    assert.match(page, /Bitte wählen Sie eine Antwort/);
    assert.ok(!page.includes('<script>'));
  });
});

describe('bad input never gives a 500', () => {
  test('an oversized search is a 400 page in the chosen language', async () => {
    const page = await html(`/uk/services?q=${'x'.repeat(300)}`, 400);
    assert.match(page, /<html lang="uk"/);
    await html(`/de/services?q=${'x'.repeat(3000)}`, 400);
  });

  test('malformed queries and paths are 400 or 404, never 5xx', async () => {
    for (const path of [
      '/de/services?q=%E0%A4%A',
      '/de/services?q=a&q=b',
      '/de/%',
      '/de/services/%C0%AF',
      '/api/v1/services?locale=xx',
      `/api/v1/services?q=${'y'.repeat(500)}`,
      `/de/services/${'z'.repeat(500)}`,
    ]) {
      const response = await get(path);
      assert.ok(response.status >= 400 && response.status < 500, `${path}: ${response.status}`);
      assert.doesNotMatch(await response.text(), /\bat .+\.(ts|js):\d+/, `${path} shows a stack trace`);
    }
  });

  test('unknown or oddly named parameters are ignored', async () => {
    for (const path of ['/de/guide?situation[]=x', '/de/services?page=2&sort=name', '/en/?utm_source=flyer']) {
      assert.equal((await get(path)).status, 200, path);
    }
  });

  test('search text is escaped, never reflected as markup', async () => {
    const page = await html(`/de/services?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    assert.ok(!page.includes('<img src=x'));
    assert.ok(page.includes('&lt;img src=x onerror=alert(1)>') || page.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });
});

describe('pages for everyone', () => {
  test('the Leichte Sprache page and the accessibility statement exist in every language', async () => {
    for (const locale of LOCALES) {
      await html(`/${locale}/easy`);
      const statement = await html(`/${locale}/accessibility`);
      assert.match(statement, /<form[^>]+method="post"/);
    }
  });

  test('health answers 200 with the database reachable', async () => {
    const response = await get('/health');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', database: 'up', lastOutage: null, connectionsLost: 0 });
  });

  test('security headers: strict CSP without inline script, no sniffing, no framing', async () => {
    const response = await get('/de/');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  test('every KERN class the pages use is in the stylesheet (the pruned CSS misses none)', async () => {
    const start = await html('/de/');
    const href = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(start)?.[1];
    const css = await (await get(href!)).text();
    const pages = [
      '/de/',
      '/ar/services',
      '/en/services/residence-permit-extension',
      '/de/guide',
      '/de/guide?situation=permit&goal=extend&expiry=soon',
      '/de/guide?situation=x',
      '/tr/easy',
      '/de/accessibility',
      '/de/accessibility?sent=1',
      '/xx/',
    ];
    const missing = new Set<string>();
    for (const path of pages) {
      const page = await (await get(path)).text();
      for (const [, classes] of page.matchAll(/class="([^"]+)"/g)) {
        for (const name of classes!.split(/\s+/))
          if (name.startsWith('kern-') && !css.includes(`.${name}`)) missing.add(`${name} (${path})`);
      }
    }
    assert.deepEqual([...missing], []);
  });

  test('assets are content-hashed, immutable and compressed', async () => {
    const page = await html('/de/');
    const href = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(page)?.[1];
    assert.ok(href);
    const response = await get(href, { 'accept-encoding': 'br' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(response.headers.get('content-encoding'), 'br');
  });
});

describe('OpenAPI', () => {
  test('describes both catalogue endpoints as OpenAPI 3.1', async () => {
    const response = await get('/api/openapi.json');
    assert.equal(response.status, 200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/services']);
    assert.ok(doc.paths['/api/v1/services/{id}']);
    assert.equal(
      Object.keys(doc.paths).some((p) => !p.startsWith('/api/')),
      false,
      'only the API is described',
    );
  });
});
