import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { officeToday } from '../src/platform/clock/office-time.js';
import { aggregateFigures } from '../src/reports/aggregate-figures.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { parseCsv } from '../test/helpers/csv.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { type Seeded, seedMonth } from '../test/reports-seed.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

/**
 * The head of the office (a team lead) in a real browser: opens the figures, filters by service,
 * downloads a CSV and reads it back (German decimal comma); every page checked with axe.
 */

let app: TestApp;
let browser: Browser;
let seeded: Seeded;

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
  for (const deadline = Date.now() + 20_000; ; ) {
    const { rows } = await app.db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reports-aggregate' AND state IN ('completed', 'failed')",
    );
    if (rows[0]!.n > 0) break;
    if (Date.now() > deadline) throw new Error('the aggregation did not run at start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  seeded = await seedMonth(app.db.owner, officeToday(Date.now()));
  await app.db.owner.query('DELETE FROM report_runs');
  await aggregateFigures(app.db.pool, seeded.authorityId);
});
after(async () => {
  await browser?.close();
  await app?.close();
});

async function headPage(): Promise<Page> {
  const { client } = await signedInStaff(app, 'head@musterstadt.example', 'team_lead');
  const { hostname } = new URL(app.base);
  await browser.context.clearCookies();
  await browser.context.addCookies(
    client.cookieHeader
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const [name = '', ...value] = pair.split('=');
        return {
          name,
          value: value.join('='),
          domain: hostname,
          path: name === 'wk_staff' ? '/staff' : '/',
          httpOnly: true,
        };
      }),
  );
  return browser.context.newPage();
}

test('the head opens the figures, filters by service, downloads the CSV and reads it back', async () => {
  const page = await headPage();
  await page.goto(`${app.base}/staff`);
  await page.getByRole('link', { name: 'Kennzahlen', exact: true }).click();
  await page.waitForURL(/\/staff\/reports$/);
  await assertAccessible(page, 'reports index');
  await page.getByRole('link', { name: 'Termine: Vorlauf, Auslastung, Nichterscheinen' }).click();
  await page.waitForURL(/\/staff\/reports\/appointments/);
  await page.getByLabel('Von (Tag)').fill(seeded.day);
  await page.getByLabel('Bis (Tag)').fill(seeded.day);
  const { rows } = await app.db.owner.query<{ name: string }>(
    "SELECT name FROM service_texts WHERE service_id = $1 AND locale = 'de'",
    [seeded.serviceA],
  );
  await page.getByLabel('Dienstleistung', { exact: true }).selectOption({ label: rows[0]!.name });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await page.waitForURL(new RegExp(`service=${seeded.serviceA}`));
  await assertAccessible(page, 'appointment figures filtered by service');
  const table = page.getByRole('table', { name: 'Termine je Dienstleistung' });
  assert.deepEqual(await table.locator('tbody tr').first().locator('td').allTextContents(), [
    '8',
    '5',
    '2',
    '1',
    '28,6',
    '11,1',
  ]);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'CSV herunterladen: Termine je Dienstleistung' }).click(),
  ]);
  const file = await download.path();
  const csv = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await readFile(file)), ';');
  assert.equal(csv.length, 2);
  assert.deepEqual(csv[1]!.slice(1), ['8', '5', '2', '1', '28,6', '11,1']);
  await page.goto(`${app.base}/staff/reports/processing?from=${seeded.day}&to=${seeded.day}`);
  await assertAccessible(page, 'processing figures');
  await page.goto(`${app.base}/staff/reports/waiting?from=${seeded.day}&to=${seeded.day}`);
  await assertAccessible(page, 'waiting figures');
  await page.goto(`${app.base}/staff/reports/waiting?from=nope`);
  await assertAccessible(page, 'figures with a wrong date');
  await page.close();
});

test('the public processing times work right to left at 320 px, axe clean', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 800 });
  for (const locale of ['fa', 'ar', 'de']) {
    await page.goto(`${app.base}/${locale}/processing-times`);
    assert.equal(await page.getAttribute('html', 'dir'), locale === 'de' ? 'ltr' : 'rtl');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${locale}: the page is ${overflow} px wider than the screen`);
    await assertAccessible(page, `processing times (${locale})`);
  }
  await page.close();
});
