import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { translator } from '../src/platform/i18n/translator.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { assertAccessible, type Browser, openBrowser } from './browser.js';

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

/** Nothing wider than the 320 px viewport: no horizontal scrolling. */
async function assertNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${label}: ${scroll} px wide in a ${client} px viewport`);
}

for (const locale of ['ar', 'fa'] as const) {
  test(`${locale} at 320 px: help nearby from the start page, by need, right to left; axe clean, no horizontal scroll`, async () => {
    const t = translator(locale);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${app.base}/${locale}/`);
    await page.getByRole('link', { name: t.t('partners.start.title') }).click();
    await page.waitForURL(`${app.base}/${locale}/help`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.locator('h1').textContent(), t.t('partners.help.title'));
    await assertAccessible(page, `${locale} help nearby`);
    await assertNoHorizontalScroll(page, `${locale} help nearby`);

    // By need: the link jumps to the recognition counselling, whose card names the IQ counselling.
    await page.getByRole('link', { name: t.t('partners.kind.recognition_counselling') }).click();
    const card = page.locator('#partner-iq-anerkennung');
    assert.ok(await card.isVisible());
    assert.equal(await card.locator('h3 span[lang="de"]').textContent(), 'IQ Anerkennungsberatung Musterstadt');
    assert.equal(await card.locator('bdi[lang="de"]').textContent(), 'Am Wall 9, 31134 Musterstadt');
    // Numbers and addresses read left to right inside the right-to-left page.
    const phone = card.locator('a[href^="tel:"] bdi');
    assert.equal(await phone.getAttribute('dir'), 'ltr');
    const languages = new Intl.DisplayNames([locale], { type: 'language' });
    assert.ok((await card.textContent())?.includes(languages.of('uk')!), 'languages in the reader’s language');

    // A service page names the same partner before the application and links to this card.
    await page.goto(`${app.base}/${locale}/services/fast-track-skilled-workers`);
    await assertAccessible(page, `${locale} service page with partners`);
    await assertNoHorizontalScroll(page, `${locale} service page`);
    await page.locator('[data-timing="before"] a[href$="#partner-iq-anerkennung"]').click();
    await page.waitForURL(/\/help#partner-iq-anerkennung$/);
    await page.close();
  });
}
