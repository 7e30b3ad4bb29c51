import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

let app: TestApp;
let browser: Browser;
before(async () => {
  app = await startTestApp();
  browser = await openBrowser({ locale: 'ar' });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

for (const locale of ['de', 'ar'] as const) {
  describe(`the portal in ${locale === 'de' ? 'German' : 'Arabic'}`, () => {
    test('start page, catalogue with search, one service and the guide work and have no accessibility violations', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${app.base}/${locale}/`);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
      assert.ok((await page.locator('h1').textContent())?.trim());
      await assertAccessible(page, `${locale} start`);

      // Search from the start page, with a word in another language than the page's.
      const query = locale === 'de' ? 'تمديد' : 'Verlängerung';
      await page.locator('#start-q').fill(query);
      await page.locator('form[role=search] button[type=submit]').click();
      await page.waitForURL(/\/services\?q=/);
      const results = page.locator('.site-cards .kern-card');
      assert.ok((await results.count()) >= 1, 'search found the extension');
      await assertAccessible(page, `${locale} search results`);

      await page.goto(`${app.base}/${locale}/services`);
      assert.ok((await page.locator('.site-cards .kern-card').count()) >= 15);
      await assertAccessible(page, `${locale} catalogue`);

      await page.locator('a[href$="/services/residence-permit-extension"]').click();
      await page.waitForURL(/residence-permit-extension$/);
      assert.ok((await page.locator('.kern-list--bullet li').count()) >= 3, 'documents listed');
      assert.ok(await page.locator('.site-hours').first().isVisible(), 'opening hours shown');
      await assertAccessible(page, `${locale} service`);

      await page.goto(`${app.base}/${locale}/guide`);
      await assertAccessible(page, `${locale} guide question`);
      // Sending without an answer: the browser's own check (required) keeps the page; no JS needed.
      await page.locator('label[for="situation-permit"]').click();
      await page.locator('form.site-form button[type=submit]').click();
      await page.locator('label[for="goal-extend"]').click();
      await page.locator('form.site-form button[type=submit]').click();
      await page.locator('label[for="expiry-soon"]').click();
      await page.locator('form.site-form button[type=submit]').click();
      await page.waitForURL(/expiry=soon/);
      assert.equal(await page.locator('a[href$="/services/residence-permit-extension"]').count(), 1);
      await assertAccessible(page, `${locale} guide result`);
      await page.close();
    });

    test('the language switcher leads to the same page in the other language', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${app.base}/${locale}/services/eu-blue-card`);
      const target = locale === 'de' ? 'ar' : 'de';
      await page.locator(`.site-languages a[hreflang="${target}"]`).click();
      await page.waitForURL(`${app.base}/${target}/services/eu-blue-card`);
      assert.equal(await page.getAttribute('html', 'lang'), target);
      await page.close();
    });
  });
}

describe('pages for everyone', () => {
  test('Leichte Sprache, the accessibility statement with its form, and a 404 have no violations', async () => {
    const page = await browser.context.newPage();
    for (const path of ['/de/easy', '/ar/easy', '/de/accessibility', '/fa/accessibility', '/de/no-such-page', '/xx/']) {
      await page.goto(`${app.base}${path}`);
      await assertAccessible(page, path);
    }
    // The feedback form with errors (sent empty) is accessible too, and keeps the field values.
    await page.goto(`${app.base}/de/accessibility`);
    await page.locator('#email').fill('kein-gueltiger-wert');
    await page.locator('form.site-form button[type=submit]').click();
    await page.waitForSelector('.kern-alert--danger');
    assert.equal(await page.locator('#email').inputValue(), 'kein-gueltiger-wert');
    await assertAccessible(page, 'feedback form with errors');
    await page.close();
  });

  test('every page works without JavaScript', async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(`${app.base}/de/guide`);
      await page.locator('label[for="situation-visitor"]').click();
      await page.locator('form.site-form button[type=submit]').click();
      await page.waitForURL(/situation=visitor/);
      assert.equal(await page.locator('a[href$="/services/declaration-of-commitment"]').count(), 1);
      await page.goto(`${app.base}/de/accessibility`);
      await page.locator('#message').fill('Ohne JavaScript gesendet');
      await page.locator('form.site-form button[type=submit]').click();
      await page.waitForURL(/sent=1/);
      assert.ok(await page.locator('.kern-alert--success').isVisible());
    } finally {
      await noJs.close();
    }
  });
});
