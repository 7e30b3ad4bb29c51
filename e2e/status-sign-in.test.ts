import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { officeToday } from '../src/platform/clock/office-time.js';
import { addDays } from '../src/platform/clock/office-time.js';
import { translator } from '../src/platform/i18n/translator.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { applyOnline, pdfBytes } from '../test/helpers/applications.js';
import { csrfIn } from '../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../test/helpers/mailbox.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

/**
 * "Where is my application?" in Arabic, right to left, in a real browser: from the start page to
 * the e-mail form, the code from the mail (a wrong one first), the list of applications, the
 * status page with the upload of a requested document and the receipt, and signing out. axe on
 * every page and state.
 */

let app: TestApp;
let mailbox: Mailbox;
let browser: Browser;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser({ locale: 'ar' });
});
after(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

test('sign in with a code by e-mail in Arabic: list, status, upload, receipt, sign out', async () => {
  const t = translator('ar');
  const email = 'rami.khalil@example.org';
  const { reference, caseId } = await applyOnline(app, mailbox, {
    firstName: 'Rami',
    lastName: 'Khalil',
    birthDate: '1986-06-16',
    email,
    locale: 'ar',
  });
  const { client: staff } = await signedInStaff(app, 'bearbeitung@musterstadt.example', 'caseworker');
  const view = await staff.get(`/staff/cases/${caseId}`);
  const requested = await staff.post(`/staff/cases/${caseId}/requests`, {
    _csrf: csrfIn(view.html),
    documents: ['health-insurance'],
    template: 'missing',
    dueOn: addDays(officeToday(Date.now()), 14),
  });
  assert.match(requested.location!, /notice=done/);
  await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes(reference) && m.attachments.length === 0);

  const page = await browser.context.newPage();
  await page.goto(`${app.base}/ar`);
  await page.getByRole('link', { name: t.t('start.statusTitle') }).click();
  await page.waitForURL(`${app.base}/ar/status`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await assertAccessible(page, 'ar: where is my application');

  await page.locator('#email').fill('not an address');
  await page.getByRole('button', { name: t.t('statusSignIn.sendCode') }).click();
  await page.locator('#email-error').waitFor();
  await assertAccessible(page, 'ar: address refused');

  await page.locator('#email').fill(email);
  await page.getByRole('button', { name: t.t('statusSignIn.sendCode') }).click();
  await page.locator('#code').waitFor();
  assert.ok((await page.locator('main').textContent())!.includes(t.t('statusSignIn.sent', { email })));
  await assertAccessible(page, 'ar: enter the code');
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.subject === t.t('mail.statusCode.subject'));
  const code = /^\s*(\d{6})\s*$/m.exec(mail.text)![1]!;

  await page.locator('#code').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: t.t('statusSignIn.signIn') }).click();
  await page.locator('#code-error').waitFor();
  assert.ok((await page.locator('#code-error').textContent())!.includes(t.t('statusSignIn.wrongCode', { left: 4 })));
  await assertAccessible(page, 'ar: wrong code');

  // Typed in Arabic-Indic digits, as an Arabic phone keyboard writes them.
  await page.locator('#code').fill([...code].map((d) => String.fromCharCode(0x0660 + Number(d))).join(''));
  await page.getByRole('button', { name: t.t('statusSignIn.signIn') }).click();
  await page.waitForURL(`${app.base}/ar/status/mine`);
  assert.ok((await page.locator('main').textContent())!.includes(t.t('case.state.incomplete')));
  await assertAccessible(page, 'ar: my applications');

  await page.locator(`a[href="/ar/status/mine/${reference}"]`).click();
  await page.locator('[data-state]').first().waitFor();
  assert.equal(await page.locator('[data-state]').first().getAttribute('data-state'), 'incomplete');
  await assertAccessible(page, 'ar: status, action required');

  await page
    .locator('#upload-health-insurance')
    .setInputFiles({ name: 'kasse.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdfBytes(1)) });
  await page.locator('#upload button[type="submit"]').click();
  await page.locator('.kern-alert--success').first().waitFor();
  assert.equal(await page.locator('[data-state]').first().getAttribute('data-state'), 'in_review');
  await assertAccessible(page, 'ar: uploaded');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: t.t('status.receipt') }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${reference}.pdf`);

  await page.getByRole('link', { name: t.t('statusSignIn.backToList') }).click();
  await page.waitForURL(`${app.base}/ar/status/mine`);
  await page.getByRole('button', { name: t.t('statusSignIn.signOut') }).click();
  await page.waitForURL(`${app.base}/ar/status?ended=out`);
  assert.ok((await page.locator('main').textContent())!.includes(t.t('statusSignIn.signedOut')));
  await assertAccessible(page, 'ar: signed out');
  await page.goto(`${app.base}/ar/status/mine/${reference}`);
  await page.waitForURL(`${app.base}/ar/status?ended=expired`);
  assert.ok((await page.locator('main').textContent())!.includes(t.t('statusSignIn.expired')));
});
