import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';
import QRCode from 'qrcode';
import { receiptPdf, type ReceiptDocumentData, type ReceiptLabels, type ReceiptLocale } from './receipt-document.js';
import { newReceiptKeys, normaliseShortCode, shortCode, signReceipt, verifyReceipt } from './receipt-signature.js';
import { poppler, textOf } from '../../../test/helpers/pdf-text.js';

// ————————————————————————————————————————————— fixtures —————————————————————————————————————————————

/** The `receipt.*` messages as delivered for the catalogues; verifyAt still holds its {verifyUrl} argument. */
const MESSAGES: Record<ReceiptLocale, ReceiptLabels> = {
  de: {
    title: 'Eingangsbestätigung',
    name: 'Name',
    reference: 'Vorgangsnummer',
    receivedAt: 'Eingegangen am',
    service: 'Antrag',
    permitExpiresOn: 'Bisheriger Aufenthaltstitel gültig bis',
    received:
      'Ihr Antrag ist bei der Ausländerbehörde eingegangen. Diese Bestätigung ist noch keine Entscheidung über Ihren Antrag.',
    continuedValidity:
      'Ihr Antrag ist vor Ablauf Ihres bisherigen Aufenthaltstitels bei der Ausländerbehörde eingegangen. Deshalb gilt Ihr bisheriger Aufenthaltstitel auch nach seinem Ablaufdatum weiter, bis die Ausländerbehörde über den Antrag entschieden hat (§ 81 Abs. 4 AufenthG). Das gilt auch für die Erlaubnis zu arbeiten: Sie dürfen weiter so arbeiten, wie es Ihr Aufenthaltstitel bisher erlaubt.',
    translationNote: 'Diese Übersetzung dient Ihrer Information. Rechtlich verbindlich ist nur der deutsche Text.',
    verifyHeading: 'Echtheit prüfen',
    shortCode: 'Prüfcode',
    verifyAt: 'Prüfen Sie diese Eingangsbestätigung unter {verifyUrl}',
  },
  en: {
    title: 'Confirmation of receipt',
    name: 'Name',
    reference: 'Reference number',
    receivedAt: 'Received on',
    service: 'Application',
    permitExpiresOn: 'Current residence permit valid until',
    received:
      'The immigration office has received your application. This confirmation is not yet a decision on your application.',
    continuedValidity:
      'The immigration office received your application before the expiry date of your current residence permit. Therefore your current residence permit remains valid, also after its expiry date, until the immigration office has decided on your application (Section 81(4) Residence Act). This includes the permission to work: you may go on working as your residence permit has allowed so far.',
    translationNote: 'This translation is for your information. Only the German text is legally binding.',
    verifyHeading: 'Check that this receipt is genuine',
    shortCode: 'Verification code',
    verifyAt: 'Check this receipt at {verifyUrl}',
  },
  tr: {
    title: 'Başvuru alındı belgesi',
    name: 'Ad soyad',
    reference: 'İşlem numarası',
    receivedAt: 'Alındığı tarih ve saat',
    service: 'Başvuru',
    permitExpiresOn: 'Mevcut oturma izninin geçerlilik sonu',
    received: 'Başvurunuz Yabancılar Dairesine ulaştı. Bu belge, başvurunuz hakkında henüz bir karar değildir.',
    continuedValidity:
      'Başvurunuz, mevcut oturma izninizin süresi dolmadan önce Yabancılar Dairesine ulaştı. Bu nedenle mevcut oturma izniniz, süresi dolduktan sonra da Yabancılar Dairesi başvurunuz hakkında karar verene kadar geçerli olmaya devam eder (§ 81(4) AufenthG). Bu, çalışma izni için de geçerlidir: Oturma izninizin şimdiye kadar izin verdiği şekilde çalışmaya devam edebilirsiniz.',
    translationNote: 'Bu çeviri bilgi amaçlıdır. Hukuken yalnızca Almanca metin bağlayıcıdır.',
    verifyHeading: 'Belgenin gerçek olup olmadığını kontrol edin',
    shortCode: 'Kontrol kodu',
    verifyAt: 'Bu belgeyi şu adreste kontrol edin: {verifyUrl}',
  },
  uk: {
    title: 'Підтвердження отримання заяви',
    name: 'Ім’я та прізвище',
    reference: 'Номер заяви',
    receivedAt: 'Дата й час отримання',
    service: 'Заява',
    permitExpiresOn: 'Чинний дозвіл на проживання дійсний до',
    received: 'Відомство у справах іноземців отримало вашу заяву. Це підтвердження ще не є рішенням щодо вашої заяви.',
    continuedValidity:
      'Відомство у справах іноземців отримало вашу заяву до закінчення строку дії вашого чинного дозволу на проживання. Тому ваш дозвіл на проживання залишається чинним і після дати закінчення строку дії, доки відомство у справах іноземців не ухвалить рішення щодо заяви (§ 81(4) AufenthG). Це стосується і дозволу на роботу: ви можете й надалі працювати так, як досі дозволяв ваш дозвіл на проживання.',
    translationNote: 'Цей переклад надано для вашої інформації. Юридичну силу має лише текст німецькою мовою.',
    verifyHeading: 'Перевірка справжності',
    shortCode: 'Код перевірки',
    verifyAt: 'Перевірте це підтвердження за адресою {verifyUrl}',
  },
  ar: {
    title: 'إشعار استلام الطلب',
    name: 'الاسم',
    reference: 'رقم المعاملة',
    receivedAt: 'تاريخ الاستلام ووقته',
    service: 'الطلب',
    permitExpiresOn: 'تصريح الإقامة الحالي صالح حتى',
    received: 'استلمت دائرة شؤون الأجانب طلبك. هذا الإشعار ليس قرارًا بشأن طلبك بعد.',
    continuedValidity:
      'استلمت دائرة شؤون الأجانب طلبك قبل انتهاء صلاحية تصريح إقامتك الحالي. لذلك يبقى تصريح إقامتك الحالي ساريًا، حتى بعد تاريخ انتهاء صلاحيته، إلى أن تتخذ دائرة شؤون الأجانب قرارها بشأن طلبك (§ 81(4) AufenthG). ويشمل ذلك الإذن بالعمل: يمكنك مواصلة العمل كما كان يسمح لك تصريح إقامتك حتى الآن.',
    translationNote: 'هذه الترجمة للعلم فقط. النص الألماني وحده هو الملزم قانونيًا.',
    verifyHeading: 'التحقق من صحة الإشعار',
    shortCode: 'رمز التحقق',
    verifyAt: 'تحقّق من هذا الإشعار على العنوان {verifyUrl}',
  },
  ru: {
    title: 'Подтверждение получения заявления',
    name: 'Имя и фамилия',
    reference: 'Номер заявления',
    receivedAt: 'Дата и время получения',
    service: 'Заявление',
    permitExpiresOn: 'Текущий вид на жительство действителен до',
    received:
      'Ведомство по делам иностранцев получило Ваше заявление. Это подтверждение ещё не является решением по Вашему заявлению.',
    continuedValidity:
      'Ведомство по делам иностранцев получило Ваше заявление до истечения срока действия Вашего текущего вида на жительство. Поэтому Ваш вид на жительство остаётся действительным и после даты окончания срока действия, пока ведомство по делам иностранцев не примет решение по Вашему заявлению (§ 81(4) AufenthG). Это относится и к разрешению на работу: Вы можете и дальше работать так, как Вам до сих пор разрешал вид на жительство.',
    translationNote:
      'Этот перевод предоставлен для Вашей информации. Юридическую силу имеет только текст на немецком языке.',
    verifyHeading: 'Проверка подлинности',
    shortCode: 'Код проверки',
    verifyAt: 'Проверьте это подтверждение по адресу {verifyUrl}',
  },
  fa: {
    title: 'رسید دریافت درخواست',
    name: 'نام',
    reference: 'شماره درخواست',
    receivedAt: 'تاریخ و ساعت دریافت',
    service: 'درخواست',
    permitExpiresOn: 'اعتبار اجازه اقامت فعلی تا',
    received: 'اداره اتباع خارجی درخواست شما را دریافت کرده است. این رسید هنوز تصمیمی درباره درخواست شما نیست.',
    continuedValidity:
      'اداره اتباع خارجی درخواست شما را پیش از پایان اعتبار اجازه اقامت فعلی‌تان دریافت کرده است. بنابراین اجازه اقامت فعلی شما، حتی پس از تاریخ پایان اعتبارش، تا زمانی که اداره اتباع خارجی درباره درخواست شما تصمیم بگیرد معتبر می‌ماند (§ 81(4) AufenthG). این شامل اجازه کار هم می‌شود: می‌توانید همان‌طور که اجازه اقامتتان تا امروز اجازه می‌داد، به کار ادامه دهید.',
    translationNote: 'این ترجمه فقط برای اطلاع شماست. از نظر حقوقی فقط متن آلمانی معتبر است.',
    verifyHeading: 'بررسی اصالت رسید',
    shortCode: 'کد بررسی',
    verifyAt: 'این رسید را در این نشانی بررسی کنید: {verifyUrl}',
  },
};

const SERVICE: Record<ReceiptLocale, string> = {
  de: 'Aufenthaltserlaubnis verlängern',
  en: 'Extend a residence permit',
  tr: 'İkamet izninin uzatılması',
  uk: 'Продовження дозволу на проживання',
  ar: 'تمديد تصريح الإقامة',
  ru: 'Продление вида на жительство',
  fa: 'تمدید اجازه اقامت',
};

const LOCALES = Object.keys(MESSAGES) as ReceiptLocale[];
const VERIFY_URL = 'https://welcome.example.de/pruefen/7K3MQ-9XD2A';

/** What the caller does with the translator: formats verifyAt with the receipt's URL. */
function labels(locale: ReceiptLocale, verifyUrl = VERIFY_URL): ReceiptLabels {
  return { ...MESSAGES[locale], verifyAt: MESSAGES[locale].verifyAt.replace('{verifyUrl}', verifyUrl) };
}

function fixture(locale: ReceiptLocale, changes: Partial<ReceiptDocumentData> = {}): ReceiptDocumentData {
  return {
    reference: 'A-7K3M-9QXD',
    receivedAt: new Date('2026-03-02T08:30:00Z'),
    timeZone: OFFICE_TIME_ZONE,
    serviceName: { de: SERVICE.de, applicant: SERVICE[locale] },
    applicantName: 'Olena Kovalenko',
    authorityName: 'Willkommensbehörde Musterstadt',
    continuedValidity: true,
    permitExpiresOn: '2026-04-30',
    shortCode: '7K3MQ-9XD2A',
    verifyUrl: VERIFY_URL,
    labels: { de: labels('de'), applicant: labels(locale) },
    applicantLocale: locale,
    ...changes,
  };
}

// ——————————————————————————————————————————— reading back ———————————————————————————————————————————

const work = mkdtempSync(path.join(tmpdir(), 'receipt-pdf-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

async function render(data: ReceiptDocumentData): Promise<{ file: string; bytes: Uint8Array }> {
  const bytes = await receiptPdf(data);
  const file = path.join(work, `${data.applicantLocale}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

function assertShows(text: string, expected: readonly string[]): void {
  for (const words of expected) assert.ok(text.includes(words), `missing «${words}» in: ${text}`);
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/**
 * Words of letters only: pdftotext orders digits and brackets inside RTL lines its own way, and
 * splits a word at a mark placed apart from its letter (the tanween of قانونيًا): those are left out.
 */
function words(text: string): string[] {
  return (text.match(/[\p{L}\p{M}\u200C]{2,}/gu) ?? []).filter((word) => !/\p{M}/u.test(word));
}

function streamBytes(doc: PDFDocument, ref: PDFObject | undefined): Uint8Array {
  const stream = ref ? doc.context.lookup(ref) : undefined;
  assert.ok(stream instanceof PDFRawStream, 'a stream');
  return decodePDFRawStream(stream).decode();
}

/** Every CID of every embedded font maps to a real glyph: nothing came out as the missing-glyph box. */
async function assertNoMissingGlyphs(doc: PDFDocument): Promise<void> {
  let fonts = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('CIDFontType2')) continue;
    const gids = streamBytes(doc, object.get(PDFName.of('CIDToGIDMap')));
    for (let cid = 1; 2 * cid + 1 < gids.length; cid++) {
      assert.notEqual((gids[2 * cid] ?? 0) * 256 + (gids[2 * cid + 1] ?? 0), 0, `CID ${cid} shows .notdef`);
    }
    fonts++;
  }
  assert.ok(fonts > 0, 'embedded CID fonts');
}

const RTL: ReadonlySet<ReceiptLocale> = new Set(['ar', 'fa']);
const GERMAN_81_4 = MESSAGES.de.continuedValidity;

// ——————————————————————————————————————————————— tests ———————————————————————————————————————————————

for (const locale of LOCALES) {
  test(`the ${locale} receipt is one A4 page: German first, then ${locale === 'de' ? 'nothing else' : 'the applicant’s language'}`, async () => {
    const data = fixture(locale);
    const { file, bytes } = await render(data);
    const doc = await PDFDocument.load(bytes);
    assert.equal(doc.getPageCount(), 1);
    const { width, height } = doc.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], [595, 842]);
    assert.equal(doc.getTitle(), 'Eingangsbestätigung A-7K3M-9QXD');
    await assertNoMissingGlyphs(doc);
    for (const line of poppler('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')) {
      assert.match(line, /^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }

    const text = textOf(file);
    const de = MESSAGES.de;
    assertShows(text, [
      data.authorityName,
      de.title,
      data.reference,
      data.shortCode,
      data.applicantName,
      SERVICE.de,
      de.reference,
      de.receivedAt,
      'Montag, 2. März 2026 um 09:30',
      de.permitExpiresOn,
      '30. April 2026',
      GERMAN_81_4,
      de.shortCode,
    ]);
    assert.ok(
      text.replace(/ /g, '').includes(`PrüfenSiedieseEingangsbestätigungunter${VERIFY_URL}`),
      'the German verify sentence (the URL may wrap)',
    );
    assert.ok(!text.includes(de.received), 'no neutral sentence when § 81(4) applies');
    // German first: its title and its § 81(4) sentence come before anything of the second section.
    const own = MESSAGES[locale];
    if (locale === 'de') {
      assert.equal(count(text, GERMAN_81_4), 1, 'one section only');
      assert.ok(!text.includes(de.translationNote));
      return;
    }
    const applicantTexts = [
      own.title,
      own.translationNote,
      own.continuedValidity,
      own.shortCode,
      SERVICE[locale],
      own.receivedAt,
    ];
    if (RTL.has(locale)) {
      assertShows(text, applicantTexts.flatMap(words));
    } else {
      assertShows(text, applicantTexts);
      assert.ok(
        text.indexOf(GERMAN_81_4) < text.indexOf(own.continuedValidity),
        'German section before the applicant’s',
      );
    }
  });
}

test('without § 81(4) both sections only confirm the receipt, in neutral words', async () => {
  for (const locale of ['en', 'ar'] as const) {
    const text = textOf((await render(fixture(locale, { continuedValidity: false }))).file);
    assert.ok(!text.includes(GERMAN_81_4), 'no German § 81(4) sentence');
    assert.ok(!text.includes('§ 81') && !text.includes('AufenthG'), 'no mention of § 81 at all');
    assert.ok(!text.includes('Ablaufdatum'), 'nothing of the continued validity');
    assertShows(text, [MESSAGES.de.received, MESSAGES.de.title, 'A-7K3M-9QXD', '7K3MQ-9XD2A']);
    if (locale === 'en') {
      assertShows(text, [MESSAGES.en.received]);
      assert.ok(!text.includes(MESSAGES.en.continuedValidity));
    } else {
      assertShows(text, words(MESSAGES.ar.received));
      assert.ok(!text.includes('الإذن بالعمل'), 'no Arabic sentence on continued work');
    }
  }
});

test('the expiry row appears only with a known expiry date', async () => {
  const text = textOf((await render(fixture('en', { permitExpiresOn: null }))).file);
  assert.ok(!text.includes(MESSAGES.de.permitExpiresOn) && !text.includes(MESSAGES.en.permitExpiresOn));
  assertShows(text, [GERMAN_81_4, MESSAGES.en.continuedValidity]);
});

test('Arabic is shaped and comes back in reading order, its section right-aligned', async () => {
  const { file } = await render(fixture('ar'));
  const text = textOf(file);
  // Whole phrases in logical order: letters joined as written, not reversed, not in presentation forms.
  assertShows(text, [
    'إشعار استلام الطلب',
    'دائرة شؤون الأجانب',
    'تصريح إقامتك الحالي',
    'الإذن بالعمل',
    'رمز التحقق',
    'تمديد تصريح الإقامة',
  ]);
  assert.ok(!/[\uFB50-\uFDFF\uFE70-\uFEFF]/.test(text), 'no presentation-form characters');
  assert.ok(!text.includes('بلطلا'), 'not in visual order');
  assertShows(text, ['الاثنين', 'مارس', '2026', '09:30']);
  // Arabic lines start at the right: at the margin, or inside the notice's padding; rows' values
  // end where their labels begin. None starts at the left margin, where the German lines start.
  const right = 595.28 - 56;
  const lines = lineBoxes(file);
  const arabic = lines.filter((line) => /\p{Script=Arabic}/u.test(line.text) && !/[A-Za-zÄÖÜäöüß]{3}/u.test(line.text));
  // (The verification block is the exception: its texts stand beside the QR code, in both directions.)
  const german = lines.filter((line) => /^Eingangsbestätigung$|Vorgangsnummer|Ausländerbehörde/.test(line.text));
  assert.ok(
    arabic.filter((line) => line.xMax > right - 14).length >= 8,
    `Arabic lines at the right: ${JSON.stringify(arabic)}`,
  );
  assert.deepEqual(
    arabic.filter((line) => line.xMin < 56 + 2),
    [],
    'no Arabic line at the left margin',
  );
  assert.ok(
    german.length >= 3 && german.every((line) => line.xMin < 56 + 14),
    `German lines at the left: ${JSON.stringify(german)}`,
  );
});

test('Persian keeps its ZWNJ and comes back in reading order', async () => {
  const text = textOf((await render(fixture('fa'))).file);
  assertShows(text, ['رسید دریافت درخواست', 'اداره اتباع خارجی', 'فعلی‌تان', 'می‌ماند', 'همان‌طور', 'کد بررسی']);
});

/** pdftotext's line boxes with their text. */
function lineBoxes(file: string): { xMin: number; xMax: number; text: string }[] {
  const html = poppler('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-']);
  return [...html.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map(
    (m) => ({
      xMin: Number(m[1]),
      xMax: Number(m[2]),
      text: [...(m[3] ?? '').matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' '),
    }),
  );
}

test('the time of receipt is printed in Berlin time, in each reader’s way of writing dates', async () => {
  // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin; 01:30 UTC on 29 March 2026 is 03:30 summer time.
  const winter = textOf(
    (await render(fixture('en', { receivedAt: new Date('2026-03-01T23:30:00Z'), permitExpiresOn: '2026-03-05' }))).file,
  );
  assertShows(winter, [
    'Montag, 2. März 2026 um 00:30',
    'Monday, March 2, 2026 at 00:30',
    '5. März 2026',
    'March 5, 2026',
  ]);
  const summer = textOf((await render(fixture('uk', { receivedAt: new Date('2026-03-29T01:30:00Z') }))).file);
  assertShows(summer, ['Sonntag, 29. März 2026 um 03:30', 'неділя, 29 березня 2026 р. о 03:30']);
  const persian = textOf((await render(fixture('fa'))).file);
  assertShows(persian, ['دوشنبه', 'مارس', '۲۰۲۶']); // Gregorian, not the Solar Hijri calendar
});

test('the QR code encodes the verification URL', async () => {
  const data = fixture('fa');
  const { file } = await render(data);
  assert.equal(
    poppler('pdfimages', ['-list', file])
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '').length,
    1,
  );
  const prefix = path.join(work, 'qr');
  poppler('pdfimages', [file, prefix]);
  const image = readdirSync(work).find((name) => name.startsWith('qr-') && name.endsWith('.ppm'));
  assert.ok(image, 'extracted as PPM');
  const ppm = readFileSync(path.join(work, image));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'a P6 PPM');
  const [width, pixels] = [Number(header[1]), ppm.subarray(header[0].length)];
  const { modules } = QRCode.create(data.verifyUrl, { errorCorrectionLevel: 'M' });
  const cell = width / (modules.size + 8); // a 4-module quiet zone on each side
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      const dark =
        (pixels[3 * (Math.floor((row + 4.5) * cell) * width + Math.floor((column + 4.5) * cell))] ?? 255) < 128;
      assert.equal(dark, modules.get(row, column) === 1, `module ${row},${column}`);
    }
  }
});

test('a signed receipt end to end: the printed short code finds the token, whose signature holds', async () => {
  const keys = newReceiptKeys();
  const token = signReceipt(
    {
      reference: 'A-7K3M-9QXD',
      receivedAt: '2026-03-02T08:30:00Z',
      serviceSlug: 'aufenthaltserlaubnis-verlaengern',
      applicantInitials: 'O. K.',
      birthYear: 1991,
      continuedValidity: true,
      authoritySlug: 'musterstadt',
    },
    keys.privateKeyPem,
    keys.keyId,
  );
  const code = shortCode(token);
  const verifyUrl = `https://welcome.example.de/pruefen/${code}`;
  const data = fixture('tr', {
    shortCode: code,
    verifyUrl,
    labels: { de: labels('de', verifyUrl), applicant: labels('tr', verifyUrl) },
  });
  const text = textOf((await render(data)).file);
  const printed = /\b[0-9A-Z]{5}-[0-9A-Z]{5}\b/.exec(text.replace(verifyUrl, ''))?.[0] ?? '';
  const store = new Map([[code, token]]); // the server keeps the token under its short code
  const found = store.get(normaliseShortCode(printed.toLowerCase().replace('-', ' ')) ?? '');
  assert.equal(found, token);
  const result = verifyReceipt(found ?? '', new Map([[keys.keyId, keys.publicKeyPem]]));
  assert.ok(
    result.ok && result.facts.reference === data.reference && result.facts.continuedValidity === data.continuedValidity,
  );
});

test('inconsistent data is refused before anything is drawn', async () => {
  const invalid: Partial<ReceiptDocumentData>[] = [
    { receivedAt: new Date('nonsense') },
    { permitExpiresOn: '30.04.2026' },
    { permitExpiresOn: '2026-02-30' },
    { shortCode: '7k3mq9xd2a' },
    { shortCode: '7K3MQ-9XD2' },
    { verifyUrl: '/pruefen/7K3MQ-9XD2A' },
    { reference: ' ' },
    { labels: { de: { ...labels('de'), verifyAt: MESSAGES.de.verifyAt }, applicant: labels('en') } },
    { labels: { de: labels('de'), applicant: labels('en', 'https://elsewhere.example/') } },
  ];
  for (const change of invalid)
    await assert.rejects(receiptPdf(fixture('en', change)), RangeError, JSON.stringify(change));
});
