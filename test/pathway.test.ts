import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { officeToday } from '../src/platform/clock/office-time.js';
import { addMonths } from '../src/pathways/evaluate.js';
import { formatDay } from '../src/pathways/format.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client } from './helpers/client.js';
import { pdfText } from './helpers/pdf-text.js';
import { signedInStaff } from './helpers/staff.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app?.close();
});

const today = officeToday(Date.now());
/** A recognised refugee: asylum 30 months ago, A2, living mostly secured — § 26 Abs. 3 in 30 months. */
const refugee = {
  title: 'refugee',
  titleSince: addMonths(today, -24),
  residentSince: addMonths(today, -30),
  asylumSince: addMonths(today, -30),
  gapMonths: '0',
  german: 'A2',
  knowledge: '1',
  pensionMonths: '12',
  livelihood: 'mostly',
};
const query = (answers: Record<string, string>) => new URLSearchParams(answers).toString();

async function bytes(path: string, cookie = ''): Promise<{ status: number; type: string | null; body: Uint8Array }> {
  const response = await fetch(app.base + path, { redirect: 'manual', headers: { cookie } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

describe('the public pathway check', () => {
  test('the empty form in every language, linked from the main navigation', async () => {
    const client = new Client(app.base);
    for (const locale of ['de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa']) {
      const page = await client.get(`/${locale}/pathway`);
      assert.equal(page.status, 200, locale);
      assert.match(page.html, /name="titleSince"/);
      assert.match(page.html, /<bdi lang="de" dir="ltr">\(§ 18g AufenthG\)<\/bdi>/, `${locale}: citations isolated`);
      assert.match(page.html, new RegExp(`href="/${locale}/pathway"`), `${locale}: in the navigation`);
    }
  });

  test('answers give each pathway with its date, in Ukrainian, Arabic and German, and nothing is cached', async () => {
    const client = new Client(app.base);
    const from = addMonths(refugee.asylumSince, 60);
    for (const [locale, possibleFrom, missing] of [
      ['uk', 'Можливо з', 'Ще бракує'],
      ['ar', 'ممكن ابتداءً من', 'ما زال ينقص'],
      ['de', 'Möglich ab', 'Es fehlt noch'],
    ] as const) {
      const response = await fetch(`${app.base}/${locale}/pathway?${query(refugee)}`);
      const html = await response.text();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store', 'answers are not kept by caches');
      assert.ok(html.includes(`${possibleFrom} ${formatDay(locale, from)}`), `${locale}: § 26 Abs. 3 from ${from}`);
      assert.match(html, /data-pathway="settlement-refugee" data-standing="from"/);
      // Naturalisation: living must be fully secured.
      assert.match(html, /data-pathway="naturalisation" data-standing="missing"/);
      assert.ok(html.includes(missing), `${locale}: missing named`);
      assert.match(html, /<bdi lang="de" dir="ltr">§ 26 Abs. 3 Satz 1 AufenthG<\/bdi>/);
      // The partners who help, from the directory: migration counselling always, the Jobcenter for the livelihood.
      assert.match(html, /data-partners="listed"/, 'the partners who help are listed');
      assert.ok(html.includes(`href="/${locale}/help#partner-mbe-caritas"`), `${locale}: migration counselling linked`);
      assert.ok(html.includes(`href="/${locale}/help#partner-jobcenter-musterstadt"`), `${locale}: Jobcenter linked`);
      assert.match(html, new RegExp(`/${locale}/appointments/advice-appointment`));
      if (locale === 'ar') assert.match(html, /<html lang="ar" dir="rtl">/);
    }
    // Nothing the person typed is in the database.
    const { rows } = await app.db.owner.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'pathway%'",
    );
    assert.equal(rows[0]!.n, '0');
    void client;
  });

  test("bad answers: 400, each error named in the reader's language, everything typed kept", async () => {
    const client = new Client(app.base);
    const bad = { ...refugee, titleSince: '31.02.2020', pensionMonths: 'zwölf', livelihood: '' };
    const de = await client.get(`/de/pathway?${query(bad)}`);
    assert.equal(de.status, 400);
    assert.match(de.html, /Dieses Datum gibt es nicht/);
    assert.match(de.html, /ganze Zahl von 0 bis 480/);
    assert.match(de.html, /value="zwölf"/);
    assert.match(de.html, /value="31.02.2020"/);
    assert.match(de.html, /value="refugee" checked/);
    const fa = await client.get(`/fa/pathway?${query({ ...bad, residentSince: addMonths(today, 3) })}`);
    assert.equal(fa.status, 400);
    assert.match(fa.html, /این تاریخ در آینده است/);
    // Hostile values are answered as errors, never a 500.
    for (const value of ['toString', '__proto__', '<script>', '9999-99-99']) {
      const page = await client.get(`/en/pathway?${query({ ...refugee, title: value, titleSince: value })}`);
      assert.equal(page.status, 400, value);
      assert.doesNotMatch(page.html, /<script>/);
    }
  });

  test('Leichte Sprache: easy words, linked from the German page', async () => {
    const client = new Client(app.base);
    const plain = await client.get(`/de/pathway?${query(refugee)}`);
    assert.match(plain.html, /href="\/de\/pathway\?easy=1&amp;title=refugee/);
    const easy = await client.get(`/de/pathway?easy=1&${query(refugee)}`);
    assert.match(easy.html, /Das können Sie ab dem/);
    assert.match(easy.html, /Die Behörde entscheidet/);
    assert.match(easy.html, /name="easy" value="1"/);
  });

  test("the printable result: German, then the person's language; incomplete answers go back to the form", async () => {
    const pdf = await bytes(`/uk/pathway/result.pdf?${query(refugee)}`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    const text = await pdfText(pdf.body);
    const from = addMonths(refugee.asylumSince, 60);
    assert.ok(text.includes(`Möglich ab ${formatDay('de', from)}`), 'German section');
    assert.ok(text.includes(`Можливо з ${formatDay('uk', from)}`), 'Ukrainian section');
    assert.match(text, /§ 26 Abs\. 3 Satz 1 AufenthG/);
    assert.match(text, /Das ist eine Information, keine Entscheidung/);
    assert.match(text, /Переклад\. Чинним є німецький текст/);
    const ar = await pdfText((await bytes(`/ar/pathway/result.pdf?${query(refugee)}`)).body);
    assert.match(ar, /تدرس الدائرة كل طلب على حدة/);
    // The citation stays whole inside the Arabic text (isolated), as on the page.
    assert.match(ar.slice(ar.indexOf('طرقك')), /§ 26 Abs\. 3 Satz 1 AufenthG/);
    assert.match(ar.slice(ar.indexOf('طرقك')), /§ 10 Abs\. 1 StAG/);
    const incomplete = await bytes(`/ar/pathway/result.pdf?title=refugee`);
    assert.equal(incomplete.status, 303);
  });
});

describe('the counter version', () => {
  test('a caseworker runs the check, prints German and Arabic, and the print is audited without the answers', async () => {
    const { client } = await signedInStaff(app, 'berater@example.org', 'caseworker');
    const page = await client.get(`/staff/pathway?personLocale=ar&${query(refugee)}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /href="\/staff\/pathway"/, 'in the staff navigation');
    assert.match(page.html, /data-pathway="settlement-refugee" data-standing="from"/);
    const pdf = await bytes(`/staff/pathway/advice.pdf?personLocale=ar&${query(refugee)}`, client.cookieHeader);
    assert.equal(pdf.status, 200);
    const text = await pdfText(pdf.body);
    assert.match(text, /Ihr Weg zu einem dauerhaften Aufenthalt/);
    assert.match(text, /طريقك إلى إقامة دائمة/);
    const { rows } = await app.db.owner.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'pathway.advice_printed'",
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.keys(rows[0]!.details).sort(), ['locale', 'rulesDate']);
  });

  test('staff whose role does not advise are refused (the policy decides)', async () => {
    const { client } = await signedInStaff(app, 'dpo-pathway@example.org', 'data_protection_officer');
    const page = await client.get(`/staff/pathway?${query(refugee)}`);
    assert.equal(page.status, 403);
    const pdf = await bytes(`/staff/pathway/advice.pdf?${query(refugee)}`, client.cookieHeader);
    assert.equal(pdf.status, 403);
  });
});
