import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { placeOf, plantCase } from '../test/helpers/aged-rows.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import type { Client } from '../test/helpers/client.js';
import { type Mailbox, startMailbox } from '../test/helpers/mailbox.js';
import { type PlantedPartner, plantPartner } from '../test/helpers/referrals.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { assertAccessible, type Browser, openBrowser } from './browser.js';

/**
 * A referral in real browsers, German (staff) and Russian (the person): a caseworker refers from a
 * case to the Jobcenter; the person consents on the referral page in Russian and gets the receipt;
 * the Jobcenter's user sees only the consented fields and answers; the caseworker sees the answer;
 * the person withdraws; the Jobcenter's next request gets 404 and the list is empty. axe on every page.
 */

let app: TestApp;
let mailbox: Mailbox;
let office: Browser;
let partner: Browser;
let jobcenter: PlantedPartner;
let caseId: string;

async function withStaffCookie(browser: Browser, client: Client): Promise<void> {
  const { hostname } = new URL(app.base);
  await browser.context.addCookies(
    client.cookieHeader
      .split('; ')
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
}

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  const place = await placeOf(app.db.owner, 'musterstadt');
  jobcenter = await plantPartner(app.db.owner, place.authorityId, {
    slug: 'jobcenter',
    name: 'Jobcenter Musterstadt',
    email: 'team@jobcenter.example',
  });
  ({ caseId } = await plantCase(app.db.owner, place, { receivedDaysAgo: 3, closedDaysAgo: null }));
  await app.db.owner.query("UPDATE cases SET locale = 'ru', email = 'olga@example.org' WHERE id = $1", [caseId]);
  office = await openBrowser();
  partner = await openBrowser();
  await withStaffCookie(office, (await signedInStaff(app, 'sachbearbeitung@example.org', 'caseworker')).client);
  const jc = await signedInStaff(app, 'beratung@jobcenter.example', 'partner');
  await app.db.owner.query('UPDATE staff_roles SET partner_id = $1 WHERE user_id = $2', [jobcenter.partnerId, jc.id]);
  await withStaffCookie(partner, jc.client);
});

after(async () => {
  await office?.close();
  await partner?.close();
  await app?.close();
  await mailbox?.close();
});

test('refer, consent in Russian, the partner answers, the person withdraws: the partner loses access at once', async () => {
  const page = await office.context.newPage();
  await page.goto(`${app.base}/staff/cases/${caseId}`);
  await page.getByRole('link', { name: 'Überweisungen an Partner: anlegen und Antworten sehen' }).click();
  await assertAccessible(page, 'referrals of the case');
  await page.getByRole('link', { name: 'An einen Partner überweisen' }).click();
  await page.getByLabel('Partner', { exact: true }).selectOption(jobcenter.partnerId);
  await page.getByRole('button', { name: 'Angebote des Partners zeigen' }).click();
  await assertAccessible(page, 'referral form');
  await page.getByLabel('Beratung zur Arbeitssuche').check();
  await page.getByLabel('Geburtsdatum').check();
  await page.getByLabel('E-Mail-Adresse').uncheck();
  await page.getByLabel(/Kurze Nachricht/).fill('Sucht Arbeit als Pflegekraft');
  await page.getByRole('button', { name: 'Überweisung anlegen und Einwilligung anfragen' }).click();
  await page.getByText('Die Überweisung ist angelegt').waitFor();
  await assertAccessible(page, 'referral detail');
  const referralUrl = page.url();

  const request = await mailbox.waitFor((m) => m.to.includes('olga@example.org') && /Ваше согласие/.test(m.subject));
  const link = /\/ru\/referrals\/[A-Za-z0-9_-]+/.exec(request.text)![0];
  const person = await office.context.newPage();
  await person.goto(app.base + link);
  assert.equal(await person.getAttribute('html', 'lang'), 'ru');
  await assertAccessible(person, 'consent page (ru)');
  await person.getByRole('button', { name: 'Я даю согласие' }).click();
  await person.getByText('Спасибо. Ваше согласие сохранено').waitFor();
  await assertAccessible(person, 'consent given (ru)');
  const receipt = await mailbox.waitFor((m) => m.to.includes('olga@example.org') && /Подтверждение/.test(m.subject));
  assert.match(receipt.text, /Jobcenter Musterstadt/);

  const jc = await partner.context.newPage();
  await jc.goto(`${app.base}/staff/partner`);
  await assertAccessible(jc, 'partner list');
  await jc.getByRole('table').getByRole('link').first().click();
  await assertAccessible(jc, 'partner referral');
  const shown = (await jc.locator('main').textContent()) ?? '';
  assert.match(shown, /Amina Haddad/);
  assert.match(shown, /1985-05-05/);
  assert.doesNotMatch(shown, /olga@example\.org/, 'the e-mail address was not consented to');
  const partnerUrl = jc.url();
  await jc.getByLabel('Antwort', { exact: true }).selectOption('accepted');
  await jc.getByRole('button', { name: 'Antwort senden' }).click();
  await jc.getByText('Ihre Antwort ist gespeichert.').waitFor();
  await assertAccessible(jc, 'partner answered');

  await page.goto(referralUrl);
  await page.getByText('Angenommen').first().waitFor();

  await person.reload();
  await person.getByRole('button', { name: 'Отозвать согласие' }).click();
  await person.getByText('Ваше согласие отозвано').waitFor();
  await assertAccessible(person, 'consent withdrawn (ru)');

  const gone = await jc.goto(partnerUrl);
  assert.equal(gone?.status(), 404);
  await jc.goto(`${app.base}/staff/partner`);
  await jc.getByText('Keine Überweisungen mit gültiger Einwilligung.').waitFor();
  assert.equal(await jc.getByRole('table').count(), 0);
  await assertAccessible(jc, 'partner list after withdrawal');
});
