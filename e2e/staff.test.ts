import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { currentTotp } from '../src/identity/totp.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { startMailbox, type Mailbox } from '../test/helpers/mailbox.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

let app: TestApp;
let mailbox: Mailbox;
let browser: Browser;
const PASSWORD = 'Sieben Brücken über den Fluss';

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

/** Password, then the second factor: set up from the secret the page shows, or from the one we know. */
async function signIn(page: Page, email: string, secret?: string): Promise<string> {
  await page.goto(`${app.base}/staff/login`);
  await assertAccessible(page, 'sign-in');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/\/staff\/2fa/);
  let known = secret;
  if (page.url().endsWith('/2fa/setup')) {
    assert.ok(await page.locator('.site-qr img').isVisible(), 'QR code shown');
    known = (await page.locator('.site-secret').textContent())!.trim();
  }
  await assertAccessible(page, 'second factor');
  await app.db.owner.query('UPDATE staff_users SET totp_last_step = NULL WHERE email = $1', [email]); // a new time step
  await page.fill('#code', await currentTotp(known!));
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(`${app.base}/staff`);
  return known!;
}

test('an admin sets up the office, invites a caseworker; the caseworker joins from the e-mail, signs in with both factors and signs out', async () => {
  const page = await browser.context.newPage();

  // The first admin, from the link printed at the first start.
  await page.goto(app.setupLink!);
  await assertAccessible(page, 'first-admin setup');
  await page.fill('#displayName', 'Petra Adler');
  await page.fill('#email', 'petra.adler@musterstadt.example');
  await page.fill('#password', PASSWORD);
  await page.fill('#repeat', PASSWORD);
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/notice=passwordSet/);
  await signIn(page, 'petra.adler@musterstadt.example');
  await assertAccessible(page, 'dashboard');

  // The invitation.
  await page.click('a[href="/staff/admin/staff"]');
  await assertAccessible(page, 'staff list');
  await page.fill('#displayName', 'Yusuf Demir');
  await page.fill('#email', 'yusuf.demir@musterstadt.example');
  await page.click('form[action="/staff/admin/staff/invite"] button[type=submit]');
  await page.waitForURL(/notice=invited/);
  assert.match((await page.locator('table').textContent()) ?? '', /Yusuf Demir/);
  // Outgoing mail, with a mail the server refused for good.
  await app.db.owner.query(
    `INSERT INTO mail_outbox (authority_id, recipient, subject, text, status, attempts, last_error)
     SELECT id, 'unbekannt@example.org', 'Ihr Termin', 'x', 'failed', 1, '550 no such user' FROM authorities WHERE slug = 'musterstadt'`,
  );
  await page.click('a[href="/staff/admin/mail"]');
  assert.match((await page.locator('main').textContent()) ?? '', /unbekannt@example\.org/);
  await assertAccessible(page, 'outgoing mail');
  await page.click('form[action="/staff/logout"] button[type=submit]');
  await page.waitForURL(/notice=signedOut/);

  // The caseworker, with the link from the e-mail.
  const mail = await mailbox.waitFor((m) => m.to.includes('yusuf.demir@musterstadt.example'));
  const link = /https?:\/\/\S+\/staff\/invitation\/\S+/.exec(mail.text)![0];
  await page.goto(link);
  await assertAccessible(page, 'invitation');
  await page.fill('#password', 'kurz');
  await page.fill('#repeat', 'kurz');
  await page.click('form.site-form button[type=submit]');
  assert.match((await page.locator('.kern-alert--danger').textContent()) ?? '', /zu kurz/);
  await assertAccessible(page, 'invitation with errors');
  await page.fill('#password', PASSWORD);
  await page.fill('#repeat', PASSWORD);
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/notice=passwordSet/);
  await signIn(page, 'yusuf.demir@musterstadt.example');
  assert.match((await page.locator('h1').textContent()) ?? '', /Yusuf Demir/);
  assert.match((await page.locator('main').textContent()) ?? '', /Sachbearbeitung/);

  // Profile: a language spoken, accessible.
  await page.click('a[href="/staff/profile"]');
  await page.selectOption('#language', 'tr');
  await page.selectOption('#level', 'C1');
  await page.click('form[action="/staff/profile/languages"] button[type=submit]');
  await page.waitForURL(/saved=1/);
  assert.match((await page.locator('main').textContent()) ?? '', /\(tr\) – C1/);
  await assertAccessible(page, 'profile');

  await page.click('form[action="/staff/logout"] button[type=submit]');
  await page.waitForURL(/notice=signedOut/);
  await page.goto(`${app.base}/staff`);
  await page.waitForURL(/\/staff\/login$/);
  await page.close();
});

test('a caseworker who forgot the password follows "Forgot password?" and the e-mailed link, then signs in', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${app.base}/staff/login`);
  await page.click('a[href="/staff/password/forgot"]');
  await assertAccessible(page, 'forgot password');
  await page.fill('#email', 'kein name');
  await page.click('form.site-form button[type=submit]');
  assert.match((await page.locator('.kern-alert--danger').textContent()) ?? '', /name@behoerde\.de/);
  await assertAccessible(page, 'forgot password with an error');
  await page.fill('#email', 'yusuf.demir@musterstadt.example');
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/sent=1/);
  await assertAccessible(page, 'forgot password, sent');

  const mail = await mailbox.waitFor(
    (m) => m.to.includes('yusuf.demir@musterstadt.example') && /password\/reset/.test(m.text),
  );
  await page.goto(/https?:\/\/\S+\/staff\/password\/reset\/\S+/.exec(mail.text)![0]);
  await assertAccessible(page, 'new password');
  await page.fill('#password', `${PASSWORD} neu`);
  await page.fill('#repeat', `${PASSWORD} neu`);
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/notice=passwordReset/);
  await page.fill('#email', 'yusuf.demir@musterstadt.example');
  await page.fill('#password', `${PASSWORD} neu`);
  await page.click('form.site-form button[type=submit]');
  await page.waitForURL(/\/staff\/2fa$/);
  await page.close();
});
