import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { officeToday } from '../src/platform/clock/office-time.js';
import { translator } from '../src/platform/i18n/translator.js';
import { addMonths } from '../src/pathways/evaluate.js';
import { formatDay } from '../src/pathways/format.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { textOf } from '../test/helpers/pdf-text.js';
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

const today = officeToday(Date.now());
const asylumSince = addMonths(today, -30);

for (const locale of ['ar', 'uk'] as const) {
  test(`${locale} at 320 px: answer, see the pathways with dates, print the PDF; axe clean, nothing stored`, async () => {
    const t = translator(locale);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${app.base}/${locale}/pathway`);
    assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
    await assertAccessible(page, `${locale} pathway questions`);
    await assertNoHorizontalScroll(page, `${locale} questions`);

    await page.locator('label[for="title-refugee"]').click();
    await page.locator('#titleSince').fill(addMonths(today, -24));
    await page.locator('#residentSince').fill(asylumSince);
    await page.locator('#asylumSince').fill(asylumSince);
    await page.locator('#gapMonths').fill('0');
    await page.locator('#german').selectOption('A2');
    await page.locator('label[for="knowledge"]').click();
    await page.locator('#pensionMonths').fill('12');
    await page.locator('label[for="livelihood-mostly"]').click();
    await page.locator('form.site-pathway button[type=submit]').click();
    await page.waitForURL(/title=refugee/);

    const refugee = page.locator('[data-pathway="settlement-refugee"]');
    assert.equal(await refugee.getAttribute('data-standing'), 'from');
    const from = t.t('pathway.from', { date: formatDay(locale, addMonths(asylumSince, 60)) });
    assert.ok((await refugee.textContent())?.includes(from), `${locale}: ${from}`);
    assert.equal(await page.locator('[data-pathway="naturalisation"]').getAttribute('data-standing'), 'missing');
    assert.equal(await page.locator('bdi[lang="de"]', { hasText: '§ 26 Abs. 3 Satz 1 AufenthG' }).count(), 1);
    await assertAccessible(page, `${locale} pathway result`);
    await assertNoHorizontalScroll(page, `${locale} result`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t.t('pathway.pdf') }).click(),
    ]);
    const text = textOf((await download.path())!);
    assert.ok(text.includes(`Möglich ab ${formatDay('de', addMonths(asylumSince, 60))}`), 'German section');
    assert.ok(text.includes(t.t('pathway.title')), `${locale} section`);

    // Nothing stored: no cookie was set, and the answers left no trace in the database.
    assert.deepEqual(await browser.context.cookies(app.base), []);
    const { rows } = await app.db.owner.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'pathway%'",
    );
    assert.equal(rows[0]!.n, '0');
    await page.close();
  });
}
