import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { startMailbox, type Mailbox, type ReceivedMail } from '../test/helpers/mailbox.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

/**
 * The whole public booking in a real browser, in German and in Ukrainian: service page, locations,
 * a week of times, the details form (with errors, then right), the code from the e-mail, the
 * manage page, and cancelling. Every page the person sees is checked with axe (WCAG 2.1 A/AA).
 */

const SERVICE = 'residence-permit-extension';
const LOCATION = 'mitte';

let app: TestApp;
let mailbox: Mailbox;
let browser: Browser;

before(async () => {
  mailbox = await startMailbox();
  // Both runs hold times from the same loopback address: the default hourly limit is not the point here.
  app = await startTestApp({ SMTP_URL: mailbox.url, BOOKING_HOLDS_PER_IP_HOUR: '1000' });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

interface Run {
  readonly locale: 'de' | 'uk' | 'ar';
  /** The script of the mail's own words (the person's name aside). */
  readonly script: 'Latin' | 'Cyrillic' | 'Arabic';
  readonly language: string;
  /** A different person per run: one open appointment per person and service is the rule. */
  readonly person: { readonly firstName: string; readonly lastName: string; readonly email: string };
  /** What the pages and mails must say, in the run's language: a wrong catalogue shows up here. */
  readonly text: {
    readonly chooseTime: string;
    readonly errorSummary: string;
    readonly emailError: string;
    readonly calendarError: string;
    readonly booked: string;
    readonly confirmMissing: string;
    readonly cancelled: string;
    readonly statusCancelled: string;
    /** A word of the confirmation e-mail's text. */
    readonly confirmedMailWord: string;
    readonly cancelledMailSubject: RegExp;
  };
}

const RUNS: readonly Run[] = [
  {
    locale: 'de',
    script: 'Latin',
    language: 'German',
    person: { firstName: 'Anna', lastName: 'Schmidt', email: 'anna.schmidt.e2e@example.org' },
    text: {
      chooseTime: 'Zeit wählen – Bürgerzentrum Mitte',
      errorSummary: 'Bitte prüfen Sie Ihre Angaben',
      emailError: 'Bitte geben Sie eine E-Mail-Adresse',
      calendarError: 'gregorianischen Kalender',
      booked: 'Ihr Termin ist gebucht',
      confirmMissing: 'Bitte bestätigen Sie mit dem Häkchen',
      cancelled: 'Ihr Termin ist abgesagt.',
      statusCancelled: 'Abgesagt',
      confirmedMailWord: 'Ihr Termin ist gebucht',
      cancelledMailSubject: /^Termin abgesagt:/,
    },
  },
  {
    locale: 'uk',
    script: 'Cyrillic',
    language: 'Ukrainian',
    person: { firstName: 'Олена', lastName: 'Коваленко', email: 'olena.kovalenko.e2e@example.org' },
    text: {
      chooseTime: 'Виберіть час – Bürgerzentrum Mitte',
      errorSummary: 'Будь ласка, перевірте введені дані',
      emailError: 'Будь ласка, введіть адресу електронної пошти',
      calendarError: 'григоріанським календарем',
      booked: 'Вас записано на прийом',
      confirmMissing: 'Будь ласка, поставте позначку',
      cancelled: 'Ваш запис скасовано.',
      statusCancelled: 'Скасовано',
      confirmedMailWord: 'Вас записано на прийом',
      cancelledMailSubject: /^Запис скасовано:/,
    },
  },
  {
    // Right to left, and dates typed in Arabic digits by many phones.
    locale: 'ar',
    script: 'Arabic',
    language: 'Arabic',
    person: { firstName: 'ليلى', lastName: 'حداد', email: 'laila.haddad.e2e@example.org' },
    text: {
      chooseTime: 'اختر وقتًا – Bürgerzentrum Mitte',
      errorSummary: 'يُرجى التحقق مما أدخلته',
      emailError: 'يُرجى إدخال عنوان بريد إلكتروني',
      calendarError: 'بالتقويم الميلادي',
      booked: 'تم حجز موعدك',
      confirmMissing: 'يُرجى وضع علامة في المربع',
      cancelled: 'تم إلغاء موعدك.',
      statusCancelled: 'ملغى',
      confirmedMailWord: 'تم حجز موعدك',
      cancelledMailSubject: /^تم إلغاء الموعد:/,
    },
  },
];

/** Every step: the page is in the run's language (screen readers pick their voice from it) and passes axe. */
async function checkStep(page: Page, locale: string, label: string): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), locale, `${label}: <html lang>`);
  await assertAccessible(page, `${locale} ${label}`);
}

/** The error summary at the top of a form: announced (role=alert), with the given title and messages. */
async function errorSummaryText(page: Page, title: string): Promise<string> {
  const summary = page.locator('[role=alert].kern-alert--danger', { hasText: title });
  await summary.waitFor();
  return (await summary.textContent()) ?? '';
}

/** The booking code arrives by e-mail, its six digits in the subject (whatever the mail's language). */
async function codeFromMail(email: string): Promise<string> {
  const mail = await mailbox.waitFor(
    (m) => m.to.includes(email) && /\b\d{6}\b/.test(m.subject) && m.attachments.length === 0,
    10_000,
  );
  return /\b(\d{6})\b/.exec(mail.subject)![1]!;
}

const SCRIPTS = { Latin: /\p{Script=Latin}/u, Cyrillic: /\p{Script=Cyrillic}/u, Arabic: /\p{Script=Arabic}/u } as const;

/** The mail is in the correspondence language: its words are in the run's script, and in no other non-Latin one. */
function assertMailLanguage(mail: ReceivedMail, run: Run, label: string): void {
  // The text names the person, whose name is in the run's script: look at the mail's own words.
  const words = mail.text.replace(new RegExp(`${run.person.firstName}|${run.person.lastName}`, 'g'), '');
  for (const script of ['Cyrillic', 'Arabic'] as const) {
    const expected = run.script === script;
    assert.equal(SCRIPTS[script].test(mail.subject), expected, `${label}: subject ${JSON.stringify(mail.subject)}`);
    assert.equal(SCRIPTS[script].test(words), expected, `${label}: text language`);
  }
}

for (const run of RUNS) {
  const { locale, person, text } = run;
  describe(`booking in ${run.language}`, () => {
    test('a person books, confirms with the e-mailed code and cancels, with no accessibility violations on any step', async () => {
      const page = await browser.context.newPage();
      try {
        // 1. The service, then its locations with their next free days.
        await page.goto(`${app.base}/${locale}/services/${SERVICE}`);
        await checkStep(page, locale, 'service page');

        await page.goto(`${app.base}/${locale}/appointments/${SERVICE}`);
        await checkStep(page, locale, 'booking start');
        await page.getByRole('link', { name: text.chooseTime }).click();
        await page.waitForURL(`${app.base}/${locale}/appointments/${SERVICE}/${LOCATION}`);
        await checkStep(page, locale, 'week of times');

        // 2. The first free time holds the slot and leads to the details form.
        const firstTime = page.locator('button[name="startsAt"]').first();
        assert.ok(await firstTime.isVisible(), 'the demo office offers times in the first week');
        await firstTime.click();
        await page.waitForURL(new RegExp(`/${locale}/appointments/booking/[0-9a-f-]{36}$`));
        await checkStep(page, locale, 'details form');

        // 3. Sent without an e-mail address (and a birth date from another calendar): the errors are
        // announced, link to their fields, pass axe, and what was typed stays.
        await page.locator('#firstName').fill(person.firstName);
        await page.locator('#lastName').fill(person.lastName);
        await page.locator('#birthDate').fill('1369-01-10');
        await page.locator('form.site-form button[type=submit]').click();
        const errors = await errorSummaryText(page, text.errorSummary);
        assert.ok(errors.includes(text.emailError), `e-mail error in the summary: ${errors}`);
        assert.ok(errors.includes(text.calendarError), `the Solar Hijri year is caught, not taken as 1369: ${errors}`);
        assert.equal(
          await page.locator('.kern-alert--danger a[href="#email"]').count(),
          1,
          'the e-mail error links to its field',
        );
        assert.equal(
          await page.locator('.kern-alert--danger a[href="#birthDate"]').count(),
          1,
          'the date error links to its field',
        );
        assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('#firstName').inputValue(), person.firstName, 'the first name is kept');
        assert.equal(await page.locator('#lastName').inputValue(), person.lastName, 'the last name is kept');
        await checkStep(page, locale, 'details form with errors');

        // 4. Right this time, with the correspondence language chosen: a code is e-mailed.
        await page.locator('#firstName').fill(person.firstName);
        await page.locator('#lastName').fill(person.lastName);
        await page.locator('#birthDate').fill('1990-03-31');
        await page.locator('#email').fill(person.email);
        await page.locator('select#locale').selectOption(locale);
        await page.locator('form.site-form button[type=submit]').click();
        await page.waitForURL(new RegExp(`/${locale}/appointments/confirm/[0-9a-f-]{36}$`));
        await checkStep(page, locale, 'code form');

        const code = await codeFromMail(person.email);
        await page.locator('#code').fill(code);
        await page.locator('form.site-form button[type=submit]').click();

        // 5. Booked: the manage page says so, and the confirmation comes with calendar file and PDF.
        await page.waitForURL(new RegExp(`/${locale}/appointments/manage/[^/?]+\\?notice=booked$`));
        const manageUrl = page.url().replace(/\?.*$/, '');
        assert.ok(
          await page.locator('[role=alert].kern-alert--success', { hasText: text.booked }).isVisible(),
          'booked notice',
        );
        await checkStep(page, locale, 'manage page, booked');

        const confirmation = await mailbox.waitFor(
          (m) => m.to.includes(person.email) && m.attachments.length > 0,
          10_000,
        );
        assert.equal(confirmation.attachments.length, 2, 'calendar file and PDF');
        assert.ok(
          confirmation.attachments.some(
            (a) => a.filename?.endsWith('.ics') && a.contentType.startsWith('text/calendar'),
          ),
          'an .ics file',
        );
        assert.ok(
          confirmation.attachments.some((a) => a.filename?.endsWith('.pdf') && a.contentType === 'application/pdf'),
          'a .pdf file',
        );
        assert.ok(confirmation.text.includes(text.confirmedMailWord), `confirmation text in ${run.language}`);
        assertMailLanguage(confirmation, run, 'confirmation');

        // 6. Cancelling needs the tick: without it, an error (announced, accessible) and nothing cancelled.
        await page.locator('form[action$="/cancel"] button[type=submit]').click();
        await page.waitForURL(`${manageUrl}/cancel`);
        const missing = await errorSummaryText(page, text.errorSummary);
        assert.ok(missing.includes(text.confirmMissing), `confirmation missing: ${missing}`);
        assert.equal(await page.locator('#confirm').getAttribute('aria-invalid'), 'true');
        await checkStep(page, locale, 'cancel without confirmation');

        await page.locator('#confirm').check();
        await page.locator('form[action$="/cancel"] button[type=submit]').click();
        await page.waitForURL(`${manageUrl}?notice=cancelled`);
        assert.ok(
          await page.locator('[role=alert].kern-alert--success', { hasText: text.cancelled }).isVisible(),
          'cancelled notice',
        );
        assert.ok(
          await page.locator('.kern-description-list', { hasText: text.statusCancelled }).isVisible(),
          'status shows cancelled',
        );
        assert.equal(await page.locator('form[action$="/cancel"]').count(), 0, 'nothing left to cancel');
        await checkStep(page, locale, 'manage page, cancelled');

        const cancellation = await mailbox.waitFor(
          (m) => m.to.includes(person.email) && text.cancelledMailSubject.test(m.subject),
          10_000,
        );
        assertMailLanguage(cancellation, run, 'cancellation');
      } finally {
        await page.close();
      }
    });
  });
}
