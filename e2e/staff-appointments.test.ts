import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { officeToday, OFFICE_TIME_ZONE } from '../src/platform/clock/office-time.js';
import { addDays } from '../src/platform/clock/office-time.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { Client, csrfIn } from '../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../test/helpers/mailbox.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';

/**
 * The staff side of appointments in a real browser: a caseworker's day view with attendance, booking
 * for a caller without e-mail, and a team lead's counter settings. Every page and every state
 * (notices, error summaries) is checked with axe (WCAG 2.1 A/AA).
 */

let app: TestApp;
let mailbox: Mailbox;
let browser: Browser;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, BOOKING_HOLDS_PER_IP_HOUR: '1000', LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

const officeDay = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE }).format(new Date(instant));

/**
 * Signs a member of staff in over HTTP (both factors, see test/helpers/staff.ts) and hands the
 * session to the browser: the sign-in pages themselves are covered by e2e/staff.test.ts.
 * The cookies keep the paths the app gives them (`wk_staff` lives under /staff).
 */
async function staffPage(email: string, role: string): Promise<Page> {
  const { client } = await signedInStaff(app, email, role);
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
          sameSite: 'Strict' as const,
        };
      }),
  );
  return browser.context.newPage();
}

/** A person books online in Ukrainian and confirms with the e-mailed code (over HTTP: the public pages are e2e/booking.test.ts). */
async function bookOnlineInUkrainian(person: {
  firstName: string;
  lastName: string;
  email: string;
}): Promise<{ day: string }> {
  const client = new Client(app.base);
  const week = await client.get('/uk/appointments/residence-permit-extension/mitte');
  const startsAt = /name="startsAt" value="([^"]+)"/.exec(week.html)?.[1];
  assert.ok(startsAt, 'the demo office offers online times at Mitte');
  const held = await client.post('/uk/appointments/residence-permit-extension/mitte/hold', {
    _csrf: csrfIn(week.html),
    startsAt,
  });
  assert.equal(held.status, 303);
  const form = await client.get(held.location!);
  const sent = await client.post(held.location!, {
    _csrf: csrfIn(form.html),
    firstName: person.firstName,
    lastName: person.lastName,
    birthDate: '1988-05-05',
    email: person.email,
    locale: 'uk',
    permitExpiresOn: '',
  });
  assert.equal(sent.status, 303);
  const code = /\b(\d{6})\b/.exec(
    (await mailbox.waitFor((m) => m.to.includes(person.email) && /\b\d{6}\b/.test(m.subject), 10_000)).subject,
  )![1]!;
  const codePage = await client.get(sent.location!);
  assert.equal((await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code })).status, 303, 'booked');
  return { day: officeDay(startsAt) };
}

async function successNotice(page: Page, text: string): Promise<void> {
  await page.locator('[role=alert].kern-alert--success', { hasText: text }).waitFor();
}

test('a caseworker sees a Ukrainian speaker in the day view and records arrival, then service', async () => {
  const person = { firstName: 'Olha', lastName: 'Shevchenko', email: 'olha.shevchenko.e2e@example.org' };
  const { day } = await bookOnlineInUkrainian(person);
  const page = await staffPage('sachbearbeitung.tag@musterstadt.example', 'caseworker');
  try {
    const dayView = `${app.base}/staff/appointments?location=mitte&day=${day}`;
    await page.goto(dayView);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.match((await page.locator('h1').textContent()) ?? '', new RegExp(`Termine am ${day}`));
    const row = page.locator('tbody tr', { hasText: `${person.firstName} ${person.lastName}` });
    assert.equal(await row.count(), 1, 'one row for the person');
    assert.match((await row.textContent()) ?? '', /Українська – wird hier gesprochen/, 'the language note');
    // The status column (the fifth), not the buttons: "Erledigt" is a button before it is a status.
    const status = row.locator('td:nth-child(5)');
    assert.equal(await status.textContent(), 'gebucht');
    await assertAccessible(page, 'day view');

    // Arrived: the notice, the status, and only the steps that may follow.
    await row.getByRole('button', { name: 'Angekommen' }).click();
    await page.waitForURL(`${dayView}&notice=recorded`);
    await successNotice(page, 'Gespeichert.');
    assert.equal(await status.textContent(), 'angekommen');
    assert.equal(await row.getByRole('button', { name: 'Angekommen' }).count(), 0, 'arrived once');
    assert.equal(await row.getByRole('button', { name: 'Erledigt' }).count(), 1);
    await assertAccessible(page, 'day view, arrived');

    // Served: final, no buttons left in the row. (The address stays the same: wait for the new status.)
    await row.getByRole('button', { name: 'Erledigt' }).click();
    await status.filter({ hasText: /^erledigt$/ }).waitFor();
    assert.equal(page.url(), `${dayView}&notice=recorded`);
    await successNotice(page, 'Gespeichert.');
    assert.equal(await row.getByRole('button').count(), 0, 'served is final');
    await assertAccessible(page, 'day view, served');

    const { rows } = await app.db.owner.query<{ status: string }>('SELECT status FROM appointments WHERE email = $1', [
      person.email,
    ]);
    assert.deepEqual(rows, [{ status: 'served' }]);
  } finally {
    await page.close();
  }
});

test('a caseworker books an emergency appointment for a caller without e-mail', async () => {
  const page = await staffPage('sachbearbeitung.anruf@musterstadt.example', 'caseworker');
  try {
    // From the day view's link, then the emergency capacity for a change of address.
    await page.goto(`${app.base}/staff/appointments?location=mitte`);
    await page.getByRole('link', { name: 'Termin für Anrufende buchen' }).click();
    await page.waitForURL(`${app.base}/staff/appointments/book?location=mitte`);
    await assertAccessible(page, 'book for a caller, no service chosen');

    await page.goto(`${app.base}/staff/appointments/book?location=mitte&service=address-change&channel=emergency`);
    assert.equal(await page.locator('#channel').inputValue(), 'emergency');
    const firstTime = page.locator('button[name="startsAt"]').first();
    assert.ok(await firstTime.isVisible(), 'Schalter 5 takes emergencies in the first week');
    await assertAccessible(page, 'book for a caller, the times');
    await firstTime.click();
    await page.waitForURL(/\/staff\/appointments\/book\/[0-9a-f-]{36}$/);
    const detailsUrl = page.url();
    assert.match((await page.locator('h1').textContent()) ?? '', /Angaben der anrufenden Person/);
    await assertAccessible(page, 'caller details');

    // Sent empty: the errors are announced, link to their fields, and pass axe.
    await page.locator('form.site-form button[type=submit]').click();
    const summary = page.locator('[role=alert].kern-alert--danger', { hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.waitFor();
    assert.equal(page.url(), detailsUrl);
    for (const field of ['firstName', 'lastName', 'birthDate']) {
      assert.equal(await summary.locator(`a[href="#${field}"]`).count(), 1, `the summary links to #${field}`);
      assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true', `#${field} is marked invalid`);
    }
    assert.equal(await summary.locator('a[href="#email"]').count(), 0, 'the e-mail address is optional here');
    await assertAccessible(page, 'caller details with errors');

    // The caller's details, no e-mail: booked, with the reference to tell them.
    await page.locator('#firstName').fill('Karim');
    await page.locator('#lastName').fill('Nasser');
    await page.locator('#birthDate').fill('1975-10-10');
    await page.locator('select#locale').selectOption('ar');
    await page.locator('form.site-form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Termin gebucht' }).waitFor();
    const done = (await page.locator('main').textContent()) ?? '';
    const reference = /T-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(done)?.[0];
    assert.ok(reference, `the reference is shown: ${done}`);
    await assertAccessible(page, 'caller booked');

    const { rows } = await app.db.owner.query<{
      channel: string;
      status: string;
      email: string | null;
      reference: string;
    }>("SELECT channel, status, email, reference FROM appointments WHERE last_name = 'Nasser'");
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.channel, 'emergency');
    assert.equal(rows[0]!.status, 'booked');
    assert.ok(!rows[0]!.email, 'no e-mail address stored');
    assert.equal(rows[0]!.reference, reference);
  } finally {
    await page.close();
  }
});

test('a team lead closes a day at Nord and gets a message for counter hours that end before they begin', async () => {
  const page = await staffPage('leitung.e2e@musterstadt.example', 'team_lead');
  try {
    const settingsUrl = `${app.base}/staff/appointments/settings?location=nord`;
    await page.goto(settingsUrl);
    assert.equal(
      await page.locator('nav a[aria-current=page]').textContent(),
      await page.locator('nav a[href$="location=nord"]').textContent(),
    );
    await assertAccessible(page, 'counter settings');

    // A closed day: saved, and listed.
    const closedOn = addDays(officeToday(Date.now()), 40);
    await page.locator('#closed-day').fill(closedOn);
    await page.locator('#closed-reason').fill('Betriebsausflug');
    await page.locator('form[action$="/closed-days?location=nord"] button[type=submit]').click();
    await page.waitForURL(`${settingsUrl}&saved=1`);
    await successNotice(page, 'Gespeichert.');
    const closedRow = page.locator('section[aria-labelledby=closed] tr', { hasText: closedOn });
    assert.match((await closedRow.textContent()) ?? '', /Betriebsausflug/);
    await assertAccessible(page, 'counter settings, saved');

    // Hours of the first counter from 14:00 to 09:00: refused with a message, nothing added.
    const hoursForm = page.locator('form[action^="/staff/appointments/settings/counters/"][action*="/hours?"]').first();
    const counterSection = page.locator('section', { has: hoursForm }).first();
    const hoursBefore = await counterSection.locator('table tr').count();
    await hoursForm.locator('input[name=weekdays][value="6"]').check();
    await hoursForm.locator('input[name=opens]').fill('14:00');
    await hoursForm.locator('input[name=closes]').fill('09:00');
    await hoursForm.locator('button[type=submit]').click();
    const error = page.locator('[role=alert].kern-alert--danger', {
      hasText: 'Bitte Zeiten als HH:MM angeben, Beginn vor Ende.',
    });
    await error.waitFor();
    assert.equal(await page.locator('[role=alert].kern-alert--danger').count(), 1, 'only the time is wrong');
    const firstHoursForm = page
      .locator('form[action^="/staff/appointments/settings/counters/"][action*="/hours?"]')
      .first();
    assert.equal(
      await page.locator('section', { has: firstHoursForm }).first().locator('table tr').count(),
      hoursBefore,
      'no hours added',
    );
    await assertAccessible(page, 'counter settings with an error');
  } finally {
    await page.close();
  }
});
