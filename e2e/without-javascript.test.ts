import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { officeToday } from '../src/platform/clock/office-time.js';
import { addDays } from '../src/platform/clock/office-time.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { pdfBytes, pngBytes } from '../test/helpers/applications.js';
import { Client } from '../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../test/helpers/mailbox.js';
import { plantReachableData, type ReachableData } from '../test/helpers/reachable-data.js';
import { linksIn, matchPath, pathOf, patternOf, routeKey, type Pattern } from '../test/helpers/route-crawl.js';
import { openBrowser, type Browser } from './browser.js';

/**
 * Chromium with JavaScript switched off: every public page of the route table (its path filled
 * with real ids, slugs and tokens found from the planted rows) renders, and the main forms of the
 * key journeys reach their next step.
 */

let app: TestApp;
let mailbox: Mailbox;
let browser: Browser;
let data: ReachableData;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, BOOKING_HOLDS_PER_IP_HOUR: '1000' });
  data = await plantReachableData(app, mailbox);
  browser = await openBrowser({ javaScriptEnabled: false });
  // The visitor's kiosk, status sign-in and held time, so that those pages show what their users see.
  const { hostname } = new URL(app.base);
  await browser.context.addCookies(
    Object.entries(data.visitorCookies)
      .filter(([name]) => name.startsWith('wk_'))
      .map(([name, value]) => ({ name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const })),
  );
});
after(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

/** Public GET routes, not the machine's: no staff pages, API, assets, health or live streams. */
function isPublicPage(pattern: Pattern): boolean {
  const { method, url } = pattern.route;
  return (
    method === 'GET' &&
    !/^\/(staff|api|assets|health)(\/|$)/.test(url) &&
    !url.endsWith('/events') &&
    url !== '/api/openapi.json'
  );
}

/** A concrete path for each public page, found by following the app's own links over HTTP. */
async function publicPages(patterns: readonly Pattern[]): Promise<Map<string, string>> {
  const client = new Client(app.base);
  for (const [name, value] of Object.entries(data.visitorCookies)) client.setCookie(name, value);
  const found = new Map<string, string>();
  const parameterless = patterns
    .filter((p) => p.params.every((x) => x === 'locale'))
    .map((p) => pathOf(p, { locale: 'de' }));
  const queue = [...data.startPaths, ...parameterless];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    const match = matchPath(patterns, 'GET', path);
    if (seen.has(path) || !match || /^\/(en|tr|uk|ar|ru|fa)(\/|$)/.test(path)) continue;
    seen.add(path);
    const key = routeKey(match.pattern.route);
    if (found.has(key)) continue;
    const response = await fetch(app.base + path, { redirect: 'manual', headers: { cookie: client.cookieHeader } });
    const html = (response.headers.get('content-type') ?? '').startsWith('text/html');
    // A redirect (the language chosen for `/`) is followed by the browser to the page it names.
    if ((response.status === 200 && html) || [302, 303, 307].includes(response.status)) found.set(key, path);
    const location = response.headers.get('location');
    if (location?.startsWith('/')) queue.push(location);
    if (html) queue.push(...linksIn(await response.text()));
    else await response.body?.cancel();
  }
  return found;
}

test('every public page of the route table renders without JavaScript: 200, a main heading, no console errors', async (t) => {
  const patterns = app.app.routeTable.map(patternOf);
  const pages = patterns.filter(isPublicPage);
  const found = await publicPages(patterns);
  const problems: string[] = [];
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // Chromium asks for /favicon.ico by itself; the app has none (a 404 on the first page only).
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(`${message.text()} (${message.location().url})`);
    }
  });
  page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  for (const pattern of pages) {
    const key = routeKey(pattern.route);
    const path = found.get(key);
    if (!path) {
      problems.push(`${key}: no page of the app links to it with a 200 answer`);
      continue;
    }
    errors.length = 0;
    const response = await page.goto(app.base + path);
    const heading = (
      await page
        .locator('main h1')
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => null)
    )?.trim();
    if (response?.status() !== 200) problems.push(`${path}: ${response?.status()}`);
    if (!heading) problems.push(`${path}: no main heading`);
    if (errors.length > 0) problems.push(`${path}: ${errors.join('; ')}`);
  }
  await page.close();
  assert.deepEqual(problems, []);
  assert.ok(pages.length >= 25, `${pages.length} public pages`);
  t.diagnostic(
    `${pages.length} public pages rendered without JavaScript: ${pages.map((p) => found.get(routeKey(p.route))).join(' ')}`,
  );
});

async function submit(page: Page, form = 'main form.site-form'): Promise<void> {
  await page.locator(`${form} button[type=submit]`).first().click();
  await page.waitForLoadState();
}

test('without JavaScript: catalogue search finds a service', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${app.base}/de/services`);
  await page.locator('main input[name="q"]').fill('Verlängerung');
  await page.locator('main input[name="q"]').press('Enter');
  await page.waitForURL(/\/de\/services\?q=/);
  assert.ok((await page.locator('a[href$="/services/residence-permit-extension"]').count()) >= 1);
  await page.close();
});

test('without JavaScript: booking — a time, the details, the e-mailed code, booked', async () => {
  const page = await browser.context.newPage();
  const email = 'ohne.js@example.org';
  await page.goto(`${app.base}/de/appointments/residence-permit-extension/mitte`);
  await page.locator('button[name="startsAt"]').first().click();
  await page.waitForURL(/\/de\/appointments\/booking\/[0-9a-f-]{36}$/);
  await page.locator('#firstName').fill('Nora');
  await page.locator('#lastName').fill('Ohnejs');
  await page.locator('#birthDate').fill('1992-07-14');
  await page.locator('#email').fill(email);
  await submit(page);
  await page.waitForURL(/\/de\/appointments\/confirm\/[0-9a-f-]{36}$/);
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.subject), 10_000);
  await page.locator('#code').fill(/\b(\d{6})\b/.exec(mail.subject)![1]!);
  await submit(page);
  await page.waitForURL(/\/de\/appointments\/manage\/[^/?]+\?notice=booked$/);
  assert.ok(await page.locator('.kern-alert--success').first().isVisible());
  await page.close();
});

test('without JavaScript: an application with files is submitted and gets its reference', async () => {
  const page = await browser.context.newPage();
  const email = 'antrag.ohne.js@example.org';
  await page.goto(`${app.base}/de/apply/residence-permit-extension`);
  await page.locator('#firstName').fill('Jonas');
  await page.locator('#lastName').fill('Ohnejs');
  await page.locator('#birthDate').fill('1989-02-11');
  await page.locator('#email').fill(email);
  await page.locator('#permitExpiresOn').fill(addDays(officeToday(Date.now()), 60));
  await page.locator('#q-purpose').selectOption('work');
  await page.locator('#q-purpose-changed-no').check();
  await page.locator('#q-employer-or-university').fill('Beispiel GmbH');
  await page.locator('#q-address').fill('Hauptstraße 1\n12345 Musterstadt');
  await page
    .locator('#file-passport')
    .setInputFiles({ name: 'pass.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdfBytes(1)) });
  await page
    .locator('#file-biometric-photo')
    .setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes()) });
  await page.locator('button[name="action"][value="submit"]').click();
  await page.locator('.kern-alert--success').first().waitFor();
  assert.match((await page.locator('main').textContent())!, /A-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await page.close();
});

test('without JavaScript: the status lookup — address, e-mailed code, the list of one’s applications', async () => {
  // A browser of its own: without the planted status sign-in, so the code is what signs in.
  const own = await openBrowser({ javaScriptEnabled: false });
  const page = await own.context.newPage();
  const email = 'amina.hostile@example.org'; // the planted case's address
  await page.goto(`${app.base}/de/status`);
  await page.locator('#email').fill(email);
  await submit(page, 'main form');
  await page.locator('#code').waitFor();
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && /^\s*\d{6}\s*$/m.test(m.text));
  await page.locator('#code').fill(/^\s*(\d{6})\s*$/m.exec(mail.text)![1]!);
  await page.locator('#code').press('Enter');
  await page.waitForURL(`${app.base}/de/status/mine`);
  assert.ok((await page.locator('main a[href^="/de/status/mine/A-"]').count()) >= 1);
  await own.close();
});
