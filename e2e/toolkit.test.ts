import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hashPassword } from '../src/identity/passwords.js';
import { currentTotp, newTotpSecret } from '../src/identity/totp.js';
import { sealer } from '../src/platform/crypto.js';
import { storedSecret } from '../src/platform/database/secrets.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

let app: TestApp;
let browser: Browser;
const PASSWORD = 'Ein Werkzeugkoffer voller guter Praxis';
const secrets = new Map<string, string>();

/** An active member of staff with a password and a second factor we know. */
async function plantStaff(email: string, name: string, role: string): Promise<void> {
  const key = await storedSecret(app.config.dataDir, 'installation-key', 32, 'base64');
  const secret = newTotpSecret();
  secrets.set(email, secret);
  await app.db.owner.query(
    `WITH u AS (
       INSERT INTO staff_users (authority_id, email, display_name, status, password_hash, totp_secret_sealed, totp_confirmed_at)
       SELECT id, $1, $2, 'active', $3, $4, now() FROM authorities WHERE slug = 'musterstadt' RETURNING id, authority_id)
     INSERT INTO staff_roles (user_id, authority_id, role) SELECT id, authority_id, $5 FROM u`,
    [email, name, await hashPassword(PASSWORD), sealer(key).seal(secret), role],
  );
}

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
  await plantStaff('lea.lorenz@musterstadt.example', 'Lea Lorenz', 'team_lead');
  await plantStaff('kai.kramer@musterstadt.example', 'Kai Kramer', 'caseworker');
  // This office has not yet declared its guideline binding: the team lead does so below.
  await app.db.owner.query("UPDATE toolkit_modules SET binding = false WHERE slug = 'transparenzleitfaden'");
});
after(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${app.base}/staff/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/\/staff\/2fa/);
  await app.db.owner.query('UPDATE staff_users SET totp_last_step = NULL WHERE email = $1', [email]);
  await page.fill('#code', await currentTotp(secrets.get(email)!));
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(`${app.base}/staff`);
}

async function signOut(page: Page): Promise<void> {
  await page.click('form[action="/staff/logout"] button[type=submit]');
  await page.waitForURL(/notice=signedOut/);
}

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

test('a team lead marks the guideline binding, a caseworker reads it, the team lead sees who has not; axe clean', async () => {
  const page = await browser.context.newPage();
  const guideline = 'a[href="/staff/toolkit/transparenzleitfaden"]';

  await signIn(page, 'lea.lorenz@musterstadt.example');
  await page.click('nav a[href="/staff/toolkit"]');
  await assertAccessible(page, 'toolkit');
  await page.fill('#q', 'Anhörung');
  await page.click('form[role=search] button[type=submit]');
  await page.waitForURL(/q=Anh/);
  await assertAccessible(page, 'toolkit search');
  await page.click(guideline);
  await page.click('form[action$="/binding"] button[type=submit]');
  await page.waitForURL(/notice=bindingSet/);
  assert.match(await mainText(page), /Verbindlich für alle Beschäftigten/);
  await assertAccessible(page, 'binding module (team lead)');
  await page.click('a[href="/staff/toolkit/transparenzleitfaden/history"]');
  await assertAccessible(page, 'history');
  await page.goto(`${app.base}/staff/toolkit/transparenzleitfaden/edit`);
  await assertAccessible(page, 'edit form');
  await page.goto(`${app.base}/staff/toolkit/import`);
  await assertAccessible(page, 'import');
  await signOut(page);

  await signIn(page, 'kai.kramer@musterstadt.example');
  await page.click('nav a[href="/staff/toolkit"]');
  assert.match((await page.locator(`li:has(${guideline})`).textContent()) ?? '', /noch nicht gelesen/);
  await page.click(guideline);
  assert.match(await mainText(page), /Bitte lesen Sie es/);
  assert.equal(await page.locator('form[action$="/binding"]').count(), 0, 'a caseworker cannot change the mark');
  await assertAccessible(page, 'binding module (caseworker)');
  await page.click('form[action$="/read"] button[type=submit]');
  await page.waitForURL(/notice=read/);
  assert.match(await mainText(page), /als gelesen bestätigt/);
  await assertAccessible(page, 'read confirmed');
  await signOut(page);

  await signIn(page, 'lea.lorenz@musterstadt.example');
  await page.goto(`${app.base}/staff/toolkit/transparenzleitfaden`);
  await page.click('a[href="/staff/toolkit/transparenzleitfaden/unread"]');
  const unread = (await page.locator('table').textContent()) ?? '';
  assert.doesNotMatch(unread, /Kai Kramer/, 'the caseworker who read it is not listed');
  assert.match(unread, /Lea Lorenz/, 'the team lead has not read it yet');
  assert.match(unread, /Olena Kovalenko/, 'nor have the other caseworkers');
  assert.match(await mainText(page), /1 von \d+ Beschäftigten haben Version 1 gelesen/);
  await assertAccessible(page, 'who has not read');
  await page.close();
});
