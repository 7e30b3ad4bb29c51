import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { withTenant } from '../src/platform/database/index.js';
import { translator } from '../src/platform/i18n/translator.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { runJobToEnd } from '../test/helpers/jobs.js';
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

async function assertNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${label}: ${scroll} px wide in a ${client} px viewport`);
}

/** A walk-in served a minute ago; its phone page's token is returned. */
async function servedWalkIn(): Promise<string> {
  const phoneToken = randomBytes(32).toString('base64url');
  const authorityId = (
    await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'")
  ).rows[0]!.id;
  await withTenant(app.db.owner, authorityId, (tx) =>
    tx.query(
      `INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, locale, token_hash,
                                  status, arrived_at, ended_at)
       SELECT $1, (SELECT id FROM locations ORDER BY slug LIMIT 1), (SELECT id FROM services ORDER BY slug LIMIT 1),
              current_date, 901, 'W901', 'walk_in', 'ar', $2, 'served', now() - interval '20 minutes', now() - interval '1 minute'`,
      [authorityId, createHash('sha256').update(phoneToken).digest()],
    ),
  );
  return phoneToken;
}

test('ar at 320 px: from the served ticket to the survey, a missing answer explained, answered once; axe clean', async () => {
  const t = translator('ar');
  const phoneToken = await servedWalkIn();
  await runJobToEnd(app, 'feedback-invitations');
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto(`${app.base}/ar/queue/${phoneToken}`);
  await page.getByRole('link', { name: t.t('feedback.ticket.invite') }).click();
  await page.waitForURL(/\/ar\/survey\//);
  const surveyUrl = page.url();
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await assertAccessible(page, 'ar survey');
  await assertNoHorizontalScroll(page, 'ar survey');

  for (const [key, score] of [
    ['overall', 4],
    ['clarity', 5],
    ['advice', 4],
    ['waiting', 2],
  ] as const) {
    await page.locator(`label[for="q-${key}-${score}"]`).click();
  }
  await page.locator('#q-comment').fill('شكرًا على المساعدة');
  await page.getByRole('button', { name: t.t('feedback.survey.submit') }).click();
  await page.waitForLoadState();
  // "friendliness" was left out: named in Arabic, the choices and the text kept.
  assert.ok((await page.locator('.kern-alert--danger').textContent())?.includes(t.t('feedback.error.choose')));
  assert.equal(await page.locator('#q-overall-4').isChecked(), true);
  assert.equal(await page.locator('#q-comment').inputValue(), 'شكرًا على المساعدة');
  await assertAccessible(page, 'ar survey with an error');
  await assertNoHorizontalScroll(page, 'ar survey with an error');

  await page.locator('label[for="q-friendliness-5"]').click();
  await page.getByRole('button', { name: t.t('feedback.survey.submit') }).click();
  await page.waitForURL(/\/ar\/survey\/thanks$/);
  assert.ok((await page.locator('h1').textContent())?.includes(t.t('feedback.thanks.title')));
  await assertAccessible(page, 'ar thanks');
  await assertNoHorizontalScroll(page, 'ar thanks');

  await page.goto(surveyUrl);
  assert.ok((await page.locator('h1').textContent())?.includes(t.t('feedback.answered.title')));
  await page.close();
});
