import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { type Client, csrfIn } from '../test/helpers/client.js';
import { signedInStaff } from '../test/helpers/staff.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';
import { appointmentDueNow, enrolKioskAtMitte } from './kiosk-fixtures.js';

/**
 * The walk-in queue in a real browser: the entrance kiosk gives two tickets (one in Persian) and
 * checks in an appointment by its code; a caseworker calls next three times; the waiting-room
 * display and the phone pages show each call within a second. axe on kiosk, display and phone pages.
 */

let app: TestApp;
let browser: Browser;
let caseworker: Client;

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  browser = await openBrowser();
  caseworker = (await signedInStaff(app, 'schalter@musterstadt.example', 'caseworker', ['fa'])).client;
  const location = await enrolKioskAtMitte(app, browser.context);
  // An appointment today at Mitte, due now, whose person checks in at the kiosk.
  await appointmentDueNow(app, location, {
    reference: 'T-E2E0-0001',
    firstName: 'Amir',
    lastName: 'Rahimi',
    birthDate: '1990-01-01',
    email: 'amir@example.org',
    locale: 'de',
    identityKey: '01',
    checkInCode: 'K7M2QX4P',
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** Draws a walk-in ticket at the kiosk in the given language; returns the number and the phone page's address. */
async function drawTicket(kiosk: Page, language: RegExp): Promise<{ number: string; phoneUrl: string }> {
  await kiosk.goto(`${app.base}/kiosk/mitte`);
  await kiosk.getByRole('link', { name: language }).click();
  await kiosk.locator('section[aria-labelledby="walk-in"] button').first().click();
  const number = (await kiosk.locator('[data-ticket-number]').textContent())!.trim();
  const phoneUrl = (await kiosk.locator('[data-phone-url]').getAttribute('data-phone-url'))!;
  return { number, phoneUrl };
}

/** The caseworker finishes the visit at Schalter 1 (if any); the returned function then presses "call next". */
async function readyToCall(): Promise<() => Promise<string>> {
  const page = await caseworker.get('/staff/queue?location=mitte');
  const counterId = /<option value="([0-9a-f-]{36})"[^>]*>Schalter 1</.exec(page.html)![1]!;
  const back = `/staff/queue?location=mitte&counter=${counterId}`;
  const open = (
    await app.db.owner.query<{ id: string }>(
      "SELECT id FROM queue_tickets WHERE counter_id = $1 AND status IN ('called','serving')",
      [counterId],
    )
  ).rows;
  for (const row of open)
    await caseworker.post(`/staff/queue/tickets/${row.id}/served`, { _csrf: csrfIn(page.html), back });
  return async () => {
    const called = await caseworker.post('/staff/queue/call-next', { _csrf: csrfIn(page.html), counterId, back });
    return /number=([TNW][0-9]+)/.exec(called.location!)![1]!;
  };
}

test('kiosk tickets (one in Persian) and an appointment check-in; three calls reach the display and the phones within a second', async () => {
  const kiosk = await browser.context.newPage();
  await kiosk.goto(`${app.base}/kiosk/mitte`);
  await assertAccessible(kiosk, 'kiosk: language choice');
  await kiosk.getByRole('link', { name: /فارسی/ }).click();
  assert.equal(await kiosk.getAttribute('html', 'dir'), 'rtl');
  await assertAccessible(kiosk, 'kiosk: matters (fa)');
  await kiosk.goto(`${app.base}/kiosk/mitte`);
  const persian = await drawTicket(kiosk, /فارسی/);
  await assertAccessible(kiosk, 'kiosk: ticket (fa)');
  const german = await drawTicket(kiosk, /Deutsch/);
  assert.deepEqual([persian.number, german.number], ['W001', 'W002']);

  await kiosk.goto(`${app.base}/kiosk/mitte/de/appointment`);
  await kiosk.getByLabel('Code aus Ihrer Terminbestätigung').fill('ABCD-EFGH');
  await kiosk.getByRole('button', { name: 'Anmelden' }).click();
  await kiosk.getByText('Zu diesem Code finden wir keinen Termin').first().waitFor();
  await assertAccessible(kiosk, 'kiosk: wrong code');
  await kiosk.getByLabel('Code aus Ihrer Terminbestätigung').fill('k7m2-qx4p');
  await kiosk.getByRole('button', { name: 'Anmelden' }).click();
  assert.equal((await kiosk.locator('[data-ticket-number]').textContent())!.trim(), 'T003');
  await assertAccessible(kiosk, 'kiosk: appointment ticket');

  const display = await browser.context.newPage();
  await display.goto(`${app.base}/display/mitte`);
  await assertAccessible(display, 'display');
  const phones = new Map<string, Page>();
  for (const ticket of [persian, german]) {
    const phone = await browser.context.newPage();
    await phone.goto(ticket.phoneUrl);
    await phone.locator('[data-lines][data-status="waiting"]').waitFor();
    await assertAccessible(phone, `phone ${ticket.number}`);
    phones.set(ticket.number, phone);
  }
  // The pages' event streams are open (each has had its first state) before the first call.
  for (const page of [display, ...phones.values()]) await page.locator('[data-live][data-live-connected]').waitFor();

  const expected = ['T003', 'W001', 'W002'];
  for (const number of expected) {
    const callNext = await readyToCall();
    await display.waitForTimeout(200);
    const started = Date.now();
    assert.equal(await callNext(), number);
    await display.waitForFunction(
      (n) => document.querySelector('[data-calls] tr')?.textContent?.startsWith(n),
      number,
      { timeout: 1_000 },
    );
    const phone = phones.get(number);
    if (phone)
      await phone
        .locator('[data-lines][data-status="called"]')
        .waitFor({ timeout: Math.max(1, 1_000 - (Date.now() - started)) });
    assert.ok(Date.now() - started < 1_000, `${number} shown within a second (took ${Date.now() - started} ms)`);
    if (phone) assert.match((await phone.locator('[data-lines]').textContent())!, /Schalter 1/);
  }
  // The Persian visit was finished before the next call: its page says so, in Persian.
  await phones.get('W001')!.locator('[data-lines][data-status="ended"]').waitFor({ timeout: 1_000 });
  await assertAccessible(display, 'display with calls');
  await assertAccessible(phones.get('W002')!, 'phone: called');
});
