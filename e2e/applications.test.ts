import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { officeToday } from '../src/platform/clock/office-time.js';
import { addDays } from '../src/platform/clock/office-time.js';
import { translator } from '../src/platform/i18n/translator.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { pdfBytes, pngBytes } from '../test/helpers/applications.js';
import { startMailbox, type Mailbox } from '../test/helpers/mailbox.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

/**
 * An online application in a real browser, in German and in Arabic: two documents (one of the wrong
 * type, refused with a clear message), submission, the receipt checked on the public page, a
 * caseworker asking for a document, the upload from the status page, the grant; the status page
 * shows each step. axe on every page and state.
 */

let app: TestApp;
let mailbox: Mailbox;
let browser: Browser;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
  const { client } = await signedInStaff(app, 'sachbearbeitung@musterstadt.example', 'caseworker');
  const { hostname } = new URL(app.base);
  await browser.context.addCookies(
    client.cookieHeader
      .split('; ')
      .filter(Boolean)
      .filter((pair) => pair.startsWith('wk_staff='))
      .map((pair) => {
        const [name = '', ...value] = pair.split('=');
        return {
          name,
          value: value.join('='),
          domain: hostname,
          path: '/staff',
          httpOnly: true,
          sameSite: 'Strict' as const,
        };
      }),
  );
});
after(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

async function staffStep(page: Page, caseId: string, button: string): Promise<void> {
  await page.goto(`${app.base}/staff/cases/${caseId}`);
  await page.getByRole('button', { name: button }).click();
  await page.getByText('Gespeichert.').first().waitFor();
}

async function statusState(page: Page, statusUrl: string, birthDate: string, label: string): Promise<string> {
  await page.goto(statusUrl);
  await page.locator('#birthDate').fill(birthDate);
  await page.locator('form button[type="submit"]').first().click();
  const state = (await page.locator('[data-state]').first().getAttribute('data-state'))!;
  await assertAccessible(page, label);
  return state;
}

for (const locale of ['de', 'ar'] as const) {
  test(`apply online, receipt, request, upload, grant (${locale})`, async () => {
    const email = `antrag-${locale}@example.org`;
    const birthDate = locale === 'de' ? '1990-04-12' : '1987-11-23';
    const page = await browser.context.newPage();
    await page.goto(`${app.base}/${locale}/apply/residence-permit-extension`);
    assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
    await assertAccessible(page, `${locale}: application form`);
    await page.locator('#firstName').fill(locale === 'de' ? 'Jana' : 'Karim');
    await page.locator('#lastName').fill(locale === 'de' ? 'Novak' : 'Mansour');
    await page.locator('#birthDate').fill(birthDate);
    await page.locator('#email').fill(email);
    await page.locator('#locale').selectOption(locale);
    await page.locator('#permitExpiresOn').fill(addDays(officeToday(Date.now()), 60));
    // The service's own questions (seed data); the address is left out at first.
    await page.locator('#q-purpose').selectOption('work');
    await page.locator('#q-purpose-changed-no').check();
    await page
      .locator('#file-passport')
      .setInputFiles({ name: 'pass.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdfBytes(2)) });
    await page
      .locator('#file-biometric-photo')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('<html>not a picture</html>') });
    await page.locator('button[name="action"][value="submit"]').click();
    await page.locator('.kern-alert--danger').first().waitFor();
    const summary = (await page.locator('.kern-alert--danger').first().textContent())!;
    assert.ok(summary.includes('photo.png') && summary.includes(translator(locale).t('apply.file.wrongType')), summary);
    assert.equal(
      await page.locator('#firstName').inputValue(),
      locale === 'de' ? 'Jana' : 'Karim',
      'what was typed is kept',
    );
    assert.equal(await page.locator('#q-purpose').inputValue(), 'work', 'what was chosen is kept');
    assert.ok(await page.locator('#q-purpose-changed-no').isChecked());
    await assertAccessible(page, `${locale}: wrong file refused`);

    await page
      .locator('#file-biometric-photo')
      .setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes()) });
    await page.locator('button[name="action"][value="submit"]').click();
    // The documents are complete now, but a required question is not: submission is refused and says which.
    await page.locator('.kern-alert--danger').first().waitFor();
    const unanswered = (await page.locator('.kern-alert--danger').first().textContent())!;
    assert.ok(unanswered.includes(translator(locale).t('apply.question.required')), unanswered);
    await assertAccessible(page, `${locale}: question unanswered`);
    await page.locator('.kern-alert--danger a[href="#q-address"]').click();
    await page
      .locator('#q-address')
      .fill(locale === 'de' ? 'Hauptstraße 1\n12345 Musterstadt' : 'شارع المحطة 5\n12345 Musterstadt');
    await page.locator('button[name="action"][value="submit"]').click();
    await page.locator('.kern-alert--success').first().waitFor();
    const reference = /(A-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await page.locator('main').textContent())!)![1]!;
    await assertAccessible(page, `${locale}: received`);
    const statusUrl = new URL(
      (await page.locator('main a.kern-link').last().getAttribute('href'))!,
      app.base,
    ).toString();
    await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes(reference));
    const {
      rows: [kase],
    } = await app.db.owner.query<{ id: string; short_code: string }>(
      'SELECT c.id, r.short_code FROM cases c JOIN receipts r ON r.case_id = c.id WHERE c.reference = $1',
      [reference],
    );

    // An employer checks the receipt's code on the public page.
    await page.goto(`${app.base}/${locale}/verify`);
    await page.locator('#code').fill(kase!.short_code.toLowerCase());
    await page.locator('main form button').click();
    await page.locator('.kern-alert--success').waitFor();
    assert.match((await page.locator('main').textContent())!, new RegExp(reference));
    await assertAccessible(page, `${locale}: receipt verified`);

    assert.equal(await statusState(page, statusUrl, birthDate, `${locale}: status received`), 'received');

    // The caseworker asks for proof of health insurance.
    const staff = await browser.context.newPage();
    await staff.goto(`${app.base}/staff/cases/${kase!.id}`);
    await assertAccessible(staff, `${locale}: case page`);
    const answers = (await staff.locator('main').textContent())!;
    assert.ok(
      answers.includes('Angaben im Antrag') &&
        answers.includes('Zu welchem Zweck leben Sie in Deutschland?') &&
        answers.includes('Arbeit'),
      'the answers in German',
    );
    await staff.locator('#req-health-insurance').check();
    await staff.locator('#req-due').fill(addDays(officeToday(Date.now()), 14));
    await staff.getByRole('button', { name: 'Anforderung senden' }).click();
    await staff.getByText('Gespeichert.').first().waitFor();
    await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes(reference) && m.attachments.length === 0);

    assert.equal(await statusState(page, statusUrl, birthDate, `${locale}: status action required`), 'incomplete');
    await page
      .locator('#upload-health-insurance')
      .setInputFiles({ name: 'kasse.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdfBytes(1)) });
    await page.locator('#upload button[type="submit"]').click();
    await page.locator('.kern-alert--success').first().waitFor();
    assert.equal(await page.locator('[data-state]').first().getAttribute('data-state'), 'in_review');
    await assertAccessible(page, `${locale}: uploaded`);

    await staffStep(staff, kase!.id, 'Entscheidungsreif');
    await staffStep(staff, kase!.id, 'Bewilligen');
    assert.equal(await statusState(page, statusUrl, birthDate, `${locale}: status granted`), 'granted');
    const history = await page.locator('main ol li').count();
    assert.equal(history, 5, 'received, documents requested, documents received, ready, granted');
  });
}
