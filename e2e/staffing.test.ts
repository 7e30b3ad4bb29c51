import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { dayAgo, placeOf, plantCase, plantTicket } from '../test/helpers/aged-rows.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { assertAccessible, type Browser, openBrowser } from './browser.js';

let app: TestApp;
let browser: Browser;

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** Signs the team lead in over HTTP and hands the session to the browser (sign-in pages: e2e/staff.test.ts). */
async function leadPage(): Promise<Page> {
  const { client } = await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead');
  const { hostname } = new URL(app.base);
  await browser.context.addCookies(
    client.cookieHeader
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const [name = '', ...value] = pair.split('=');
        const path = name === 'wk_staff' ? '/staff' : '/';
        return { name, value: value.join('='), domain: hostname, path, httpOnly: true, sameSite: 'Strict' as const };
      }),
  );
  return browser.context.newPage();
}

test('the head enters the case-work minutes, sees the calculation step by step, tries a scenario and downloads the CSV; axe clean', async () => {
  const place = await placeOf(app.db.owner, 'musterstadt');
  const name = (
    await app.db.owner.query<{ name: string }>(
      "SELECT name FROM service_texts WHERE service_id = $1 AND locale = 'de'",
      [place.serviceId],
    )
  ).rows[0]!.name;
  // Two cases received and two walk-ins served (19 minutes each at the counter).
  for (let i = 0; i < 2; i++) await plantCase(app.db.owner, place, { receivedDaysAgo: 20, closedDaysAgo: null });
  for (let i = 0; i < 2; i++) await plantTicket(app.db.owner, place, dayAgo(4));

  const page = await leadPage();
  await page.goto(`${app.base}/staff/reports/staffing`);
  await assertAccessible(page, 'staffing page');

  await page.locator('#surchargePercent').fill('zehn');
  await page.locator(`#caseworkMinutes-${place.serviceId}`).fill('60');
  await page.getByRole('button', { name: 'Eingaben speichern' }).click();
  await page.getByText('Verteilzeitzuschlag: Bitte eine Zahl zwischen 0 und 50 eingeben').first().waitFor();
  assert.equal(await page.locator(`#caseworkMinutes-${place.serviceId}`).inputValue(), '60', 'typed value kept');
  await assertAccessible(page, 'staffing page with errors');

  await page.locator('#surchargePercent').fill('10');
  await page.getByRole('button', { name: 'Eingaben speichern' }).click();
  await page.waitForURL(/saved=1/);
  const steps = page.locator('#staffing-steps + ol');
  // 2 visits × 19 min + 2 cases × 60 min = 158 min; + 10 % = 173.8 min
  await steps.getByText(`${name}: 2 Vorsprachen × 19 Min. + 2 Fälle × 60 Min. = 158 Min. Grundzeit`).waitFor();
  await steps.getByText('158 Min. × 10 % = 15,8 Min.; zusammen 173,8 Min.').waitFor();
  await steps.getByText('Bedarf: 173,8 Min. ÷ 96.000 Jahresarbeitsminuten einer Vollzeitkraft').waitFor();
  await assertAccessible(page, 'staffing page saved');

  await page.locator('#scenarioService').selectOption(place.serviceId);
  await page.locator('#scenarioPercent').fill('50');
  await page.getByRole('button', { name: 'Szenario berechnen' }).click();
  await page.waitForURL(/scenarioPercent=50/);
  await page.getByText(`Mit +50 % bei ${name}:`).waitFor();
  await assertAccessible(page, 'staffing scenario');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Tabelle als CSV herunterladen' }).click(),
  ]);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const row = csv.split('\r\n').find((line) => line.startsWith(`${name};`) || line.startsWith(`"${name}";`));
  // visits; counter min; cases; case-work min; minutes; hours; FTE; posts; FTE in the scenario
  assert.ok(row?.endsWith(';2;19;2;60;173,8;2,9;0;;0'), row);
  await page.close();
});
