import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkInLink } from '../src/appointments/confirmation/confirmation-mail.js';
import { translator } from '../src/platform/i18n/translator.js';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { assertAccessible, openBrowser, type Browser } from './browser.js';
import { writeQrVideo } from './fake-camera.js';
import { appointmentDueNow, enrolKioskAtMitte } from './kiosk-fixtures.js';

/**
 * Check-in with the kiosk's camera: Chromium's fake camera plays a video of the QR code of a real
 * appointment's confirmation (the check-in link, drawn by our QR encoder); the kiosk reads it with
 * jsQR from our own assets, fills the field and sends the form, and the ticket appears. Without a
 * camera API the button stays hidden; a refused camera is explained in the kiosk's language.
 */

const CODE = 'M3KQ7XPD';
let app: TestApp;
let browser: Browser;
let work: string;

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
  work = await mkdtemp(path.join(tmpdir(), 'willkommen-camera-'));
  const video = path.join(work, 'confirmation-qr.y4m');
  await writeQrVideo(video, checkInLink(app.appointments, CODE));
  browser = await openBrowser({
    extraArgs: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
    permissions: ['camera'],
  });
  const location = await enrolKioskAtMitte(app, browser.context);
  // An appointment today at Mitte, due now, whose person holds the confirmation to the camera.
  await appointmentDueNow(app, location, {
    reference: 'T-CAM0-0001',
    firstName: 'Olena',
    lastName: 'Kovalenko',
    birthDate: '1988-04-02',
    email: 'olena@example.org',
    locale: 'uk',
    identityKey: '02',
    checkInCode: CODE,
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Script errors and CSP refusals on the page, collected for the end of the test. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // The browser's own favicon request (the app has none) is not the page's problem.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      problems.push(`${message.text()} ${message.location().url}`);
  });
  return problems;
}

test("the camera reads the confirmation's QR code: field filled, form sent, the appointment's ticket shown", async () => {
  const uk = translator('uk');
  const kiosk = await browser.context.newPage();
  const problems = problemsOf(kiosk);
  await kiosk.goto(`${app.base}/kiosk/mitte`);
  await kiosk.getByRole('link', { name: /Українська/ }).click();
  await kiosk.getByRole('link', { name: uk.t('queue.kiosk.haveAppointment') }).click();

  // jsQR is held back until axe has looked at the open scanner (else the code is read at once).
  const jsQrRequests: string[] = [];
  let releaseJsQr!: () => void;
  const held = new Promise<void>((resolve) => {
    releaseJsQr = resolve;
  });
  await kiosk.route('**/assets/jsQR.*.js', async (route) => {
    jsQrRequests.push(new URL(route.request().url()).origin);
    await held;
    await route.continue();
  });
  await kiosk.getByRole('button', { name: uk.t('queue.kiosk.scan.button') }).click();
  await kiosk.getByRole('region', { name: uk.t('queue.kiosk.scan.title') }).waitFor();
  assert.equal(
    await kiosk.evaluate(() => document.activeElement?.id),
    'scan-title',
    "focus moves to the scanner's instructions",
  );
  await kiosk
    .getByRole('status')
    .filter({ hasText: uk.t('queue.kiosk.scan.starting') })
    .waitFor();
  assert.ok(await kiosk.getByRole('button', { name: uk.t('queue.kiosk.scan.cancel') }).isVisible());
  await assertAccessible(kiosk, 'kiosk: camera scanner open (uk)');

  releaseJsQr();
  await kiosk.locator('[data-ticket-number]').waitFor({ timeout: 15_000 });
  assert.equal((await kiosk.locator('[data-ticket-number]').textContent())!.trim(), 'T001');
  assert.match((await kiosk.locator('body').textContent())!, new RegExp(uk.t('queue.kiosk.appointmentText')));
  assert.deepEqual(jsQrRequests, [app.base.replace(/\/$/, '')], 'jsQR comes from our own server, once');
  const {
    rows: [appointment],
  } = await app.db.owner.query<{ status: string }>('SELECT status FROM appointments WHERE check_in_code = $1', [CODE]);
  assert.equal(appointment!.status, 'arrived');
  assert.deepEqual(problems, []);
});

test('jsQR is served with its licence notice', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${app.base}/kiosk/mitte/de/appointment`);
  const src = await page.locator('[data-scan]').getAttribute('data-jsqr');
  const response = await fetch(`${app.base}${src}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /javascript/);
  const body = await response.text();
  assert.match(body.slice(0, 300), /^\/\*! jsQR 1\.\d+\.\d+ .*Apache-2\.0/s);
  assert.ok(body.includes('jsQR'), 'the library itself follows');
});

test("without a camera API the button stays hidden; a refused camera is explained in the kiosk's language", async () => {
  const ar = translator('ar');
  const none = await browser.context.newPage();
  await none.addInitScript(() => {
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
  });
  await none.goto(`${app.base}/kiosk/mitte/ar/appointment`);
  await none.locator('#code').waitFor();
  await none.waitForLoadState('load');
  assert.equal(await none.locator('[data-scan]').isHidden(), true, 'no scan button without getUserMedia');
  assert.ok(
    await none.getByRole('button', { name: ar.t('queue.kiosk.checkIn') }).isVisible(),
    'the typed form is there',
  );

  const refused = await browser.context.newPage();
  const problems = problemsOf(refused);
  await refused.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
  });
  await refused.goto(`${app.base}/kiosk/mitte/ar/appointment`);
  await refused.getByRole('button', { name: ar.t('queue.kiosk.scan.button') }).click();
  await refused
    .getByRole('alert')
    .filter({ hasText: ar.t('queue.kiosk.scan.denied') })
    .waitFor();
  assert.equal(
    await refused.getByRole('region', { name: ar.t('queue.kiosk.scan.title') }).count(),
    0,
    'the scanner is closed again',
  );
  assert.equal(
    await refused.evaluate(() => document.activeElement?.hasAttribute('data-scan-start')),
    true,
    'focus back on the scan button',
  );
  await assertAccessible(refused, 'kiosk: camera refused (ar)');
  assert.deepEqual(problems, []);
});
