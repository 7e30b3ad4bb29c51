import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';
import QRCode from 'qrcode';
import { appointmentIcs, appointmentPdf, type AppointmentDocumentData } from './confirmation-documents.js';
import { poppler, textOf } from '../../../test/helpers/pdf-text.js';

// ————————————————————————————————————————————— fixtures —————————————————————————————————————————————

type Locale = AppointmentDocumentData['locale'];
type Texts = Pick<AppointmentDocumentData, 'serviceName' | 'documents' | 'labels'>;

const TEXTS: Record<Locale, Texts> = {
  de: {
    serviceName: 'Aufenthaltserlaubnis verlängern',
    documents: ['Reisepass', 'Biometrisches Foto (35 × 45 mm)', 'Mietvertrag oder Wohnungsgeberbestätigung'],
    labels: {
      title: 'Terminbestätigung',
      date: 'Datum',
      time: 'Uhrzeit',
      place: 'Ort',
      service: 'Leistung',
      person: 'Name',
      reference: 'Buchungsnummer',
      bring: 'Bitte mitbringen',
      checkIn: 'Am Kiosk einchecken',
      manage: 'Termin absagen oder verschieben',
      calendarSummary: 'Termin: Aufenthaltserlaubnis verlängern',
      formattedDate: 'Montag, 2. März 2026',
      formattedTime: '09:30–10:00 Uhr',
    },
  },
  en: {
    serviceName: 'Extend a residence permit',
    documents: ['Passport', 'Biometric photo (35 × 45 mm)', 'Tenancy agreement'],
    labels: {
      title: 'Appointment confirmation',
      date: 'Date',
      time: 'Time',
      place: 'Place',
      service: 'Service',
      person: 'Name',
      reference: 'Booking reference',
      bring: 'Please bring',
      checkIn: 'Check in at the kiosk',
      manage: 'Cancel or move the appointment',
      calendarSummary: 'Appointment: extend a residence permit',
      formattedDate: 'Monday, 2 March 2026',
      formattedTime: '9:30–10:00 am',
    },
  },
  tr: {
    serviceName: 'İkamet izninin uzatılması',
    documents: ['Pasaport', 'Biyometrik fotoğraf', 'Kira sözleşmesi ya da ikamet belgesi'],
    labels: {
      title: 'Randevu onayı',
      date: 'Tarih',
      time: 'Saat',
      place: 'Yer',
      service: 'Hizmet',
      person: 'Ad',
      reference: 'Rezervasyon numarası',
      bring: 'Lütfen yanınızda getirin',
      checkIn: 'Kioskta giriş yapın',
      manage: 'Randevuyu iptal edin ya da değiştirin',
      calendarSummary: 'Randevu: ikamet izninin uzatılması',
      formattedDate: '2 Mart 2026 Pazartesi',
      formattedTime: '09:30–10:00',
    },
  },
  uk: {
    serviceName: 'Продовження дозволу на проживання',
    documents: ['Закордонний паспорт', 'Біометричне фото', 'Договір оренди або довідка про місце проживання'],
    labels: {
      title: 'Підтвердження запису',
      date: 'Дата',
      time: 'Час',
      place: 'Місце',
      service: 'Послуга',
      person: 'Ім’я',
      reference: 'Номер бронювання',
      bring: 'Будь ласка, візьміть із собою',
      checkIn: 'Зареєструйтеся в кіоску',
      manage: 'Скасувати або перенести запис',
      calendarSummary: 'Запис: продовження дозволу на проживання',
      formattedDate: 'понеділок, 2 березня 2026 р.',
      formattedTime: '09:30–10:00',
    },
  },
  ru: {
    serviceName: 'Продление вида на жительство',
    documents: ['Заграничный паспорт', 'Биометрическое фото', 'Договор аренды'],
    labels: {
      title: 'Подтверждение записи',
      date: 'Дата',
      time: 'Время',
      place: 'Место',
      service: 'Услуга',
      person: 'Имя',
      reference: 'Номер брони',
      bring: 'Пожалуйста, возьмите с собой',
      checkIn: 'Отметьтесь в киоске',
      manage: 'Отменить или перенести запись',
      calendarSummary: 'Запись: продление вида на жительство',
      formattedDate: 'понедельник, 2 марта 2026 г.',
      formattedTime: '09:30–10:00',
    },
  },
  ar: {
    serviceName: 'تمديد تصريح الإقامة',
    documents: ['جواز السفر', 'صورة بيومترية (35×45 مم)', 'عقد الإيجار'],
    labels: {
      title: 'تأكيد الموعد',
      date: 'التاريخ',
      time: 'الوقت',
      place: 'المكان',
      service: 'الخدمة',
      person: 'الاسم',
      reference: 'رقم الحجز',
      bring: 'يرجى إحضار',
      checkIn: 'تسجيل الوصول في الكشك',
      manage: 'إلغاء الموعد أو تغييره',
      calendarSummary: 'موعد: تمديد تصريح الإقامة',
      formattedDate: 'الاثنين، 2 مارس 2026',
      formattedTime: '09:30–10:00',
    },
  },
  fa: {
    serviceName: 'تمدید اجازه اقامت',
    documents: ['گذرنامه', 'عکس بیومتریک', 'قرارداد اجاره‌نامه'],
    labels: {
      title: 'تأیید نوبت',
      date: 'تاریخ',
      time: 'ساعت',
      place: 'مکان',
      service: 'خدمت',
      person: 'نام',
      reference: 'شماره رزرو',
      bring: 'لطفاً همراه داشته باشید',
      checkIn: 'ورود در کیوسک',
      manage: 'لغو یا تغییر نوبت',
      calendarSummary: 'نوبت: تمدید اجازه اقامت',
      formattedDate: 'دوشنبه ۱۱ اسفند ۱۴۰۴',
      formattedTime: '۹:۳۰ تا ۱۰:۰۰',
    },
  },
};

function fixture(locale: Locale, changes: Partial<AppointmentDocumentData> = {}): AppointmentDocumentData {
  return {
    locale,
    uid: '0b7f3c2e-5d1a-4c1e-9f7b-2a6c8e4d1f00',
    reference: 'T-7K3M-9QXD',
    authorityName: 'Willkommensbehörde Musterstadt',
    locationName: 'Bürgerbüro Mitte',
    address: 'Marktplatz 1, 12345 Musterstadt',
    startsAt: new Date('2026-03-02T08:30:00Z'),
    endsAt: new Date('2026-03-02T09:00:00Z'),
    timeZone: OFFICE_TIME_ZONE,
    personName: 'Olena Kovalenko',
    checkInCode: 'K7M3Q9XD',
    checkInUrl: 'https://welcome.example.de/checkin/K7M3Q9XD?t=Zm9vYmFy',
    manageUrl: 'https://welcome.example.de/de/appointments/manage/7f3b9c1e2d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c',
    ...TEXTS[locale],
    ...changes,
  };
}

// —————————————————————————————————————————————— ICS ——————————————————————————————————————————————

interface Property {
  readonly name: string;
  readonly params: string;
  readonly raw: string;
}

/** RFC 5545 §3.1: a CRLF followed by one space or tab continues the previous line. */
function unfold(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((line) => line !== '');
}

function parseLine(line: string): Property {
  const colon = line.indexOf(':');
  const [name = '', ...params] = line.slice(0, colon).split(';');
  return { name, params: params.join(';'), raw: line.slice(colon + 1) };
}

/** §3.3.11, the reverse of the escaping. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

function eventProperties(ics: string): Map<string, Property> {
  const lines = unfold(ics).map(parseLine);
  const start = lines.findIndex((p) => p.name === 'BEGIN' && p.raw === 'VEVENT');
  const end = lines.findIndex((p) => p.name === 'END' && p.raw === 'VEVENT');
  assert.ok(start > 0 && end > start, 'one VEVENT inside the VCALENDAR');
  return new Map(lines.slice(start + 1, end).map((p) => [p.name, p]));
}

test('the ICS is a VCALENDAR with one VEVENT, CRLF lines, times in UTC', () => {
  const ics = appointmentIcs(fixture('de'));
  assert.ok(ics.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'no bare LF');
  const lines = unfold(ics).map(parseLine);
  assert.deepEqual(lines[0], { name: 'BEGIN', params: '', raw: 'VCALENDAR' });
  assert.deepEqual(lines.at(-1), { name: 'END', params: '', raw: 'VCALENDAR' });
  const calendar = new Map(lines.map((p) => [p.name, p.raw]));
  assert.equal(calendar.get('VERSION'), '2.0');
  assert.equal(calendar.get('METHOD'), 'PUBLISH');
  assert.match(calendar.get('PRODID') ?? '', /^-\/\/.+\/\/.+\/\/[A-Z]{2}$/);
  assert.equal(lines.filter((p) => p.name === 'BEGIN' && p.raw === 'VEVENT').length, 1);
  const event = eventProperties(ics);
  assert.equal(event.get('UID')?.raw, '0b7f3c2e-5d1a-4c1e-9f7b-2a6c8e4d1f00@willkommen');
  assert.equal(event.get('DTSTART')?.raw, '20260302T083000Z');
  assert.equal(event.get('DTEND')?.raw, '20260302T090000Z');
  assert.match(event.get('DTSTAMP')?.raw ?? '', /^\d{8}T\d{6}Z$/);
  assert.equal(unescapeText(event.get('SUMMARY')?.raw ?? ''), 'Termin: Aufenthaltserlaubnis verlängern');
  assert.equal(event.get('SUMMARY')?.params, 'LANGUAGE=de');
  assert.equal(unescapeText(event.get('LOCATION')?.raw ?? ''), 'Bürgerbüro Mitte, Marktplatz 1, 12345 Musterstadt');
});

test('the ICS description holds the reference, the documents to bring and the manage link', () => {
  const data = fixture('uk');
  const description = unescapeText(eventProperties(appointmentIcs(data)).get('DESCRIPTION')?.raw ?? '');
  assert.match(description, /Номер бронювання: T-7K3M-9QXD/);
  for (const name of data.documents) assert.ok(description.includes(name), name);
  assert.ok(description.includes(data.manageUrl));
  assert.ok(description.includes(data.checkInCode));
});

test('the ICS escapes ; , \\ and newlines in text', () => {
  const data = fixture('de', {
    locationName: 'Bürgerbüro Mitte; Raum 2, Erdgeschoss',
    documents: ['Formular A\\B', 'Nachweis,\nSeite 2'],
  });
  const ics = appointmentIcs(data);
  const location = eventProperties(ics).get('LOCATION')?.raw ?? '';
  assert.equal(location, 'Bürgerbüro Mitte\\; Raum 2\\, Erdgeschoss\\, Marktplatz 1\\, 12345 Musterstadt');
  const description = eventProperties(ics).get('DESCRIPTION')?.raw ?? '';
  assert.ok(description.includes('Formular A\\\\B'));
  assert.ok(description.includes('Nachweis\\,\\nSeite 2'));
  assert.ok(!/(^|[^\\])(\\\\)*[;,]/.test(description.replace(/\\[\\;,n]/g, '')), 'no unescaped ; or , left');
  assert.ok(unescapeText(description).includes('Nachweis,\nSeite 2'));
});

test('the ICS folds every line at 75 octets without splitting a character', () => {
  for (const locale of ['ar', 'uk', 'fa', 'de'] as const) {
    const data = fixture(locale, { documents: [...TEXTS[locale].documents, 'Passfoto 📷 '.repeat(12)] });
    const ics = appointmentIcs(data);
    for (const line of ics.split('\r\n')) {
      assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `${locale}: ${Buffer.byteLength(line)} octets: ${line}`);
      assert.ok(
        !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(line),
        'no split surrogate pair',
      );
    }
    const description = unescapeText(eventProperties(ics).get('DESCRIPTION')?.raw ?? '');
    for (const name of data.documents) assert.ok(description.includes(name), `${locale}: ${name}`);
  }
});

test('times that are invalid or out of order are refused', () => {
  assert.throws(() => appointmentIcs(fixture('de', { endsAt: new Date('2026-03-02T08:30:00Z') })), RangeError);
  assert.throws(() => appointmentIcs(fixture('de', { startsAt: new Date('nonsense') })), RangeError);
});

// —————————————————————————————————————————————— PDF ——————————————————————————————————————————————

const work = mkdtempSync(path.join(tmpdir(), 'confirmation-pdf-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

async function render(data: AppointmentDocumentData): Promise<{ file: string; bytes: Uint8Array }> {
  const bytes = await appointmentPdf(data);
  const file = path.join(work, `${data.locale}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

function streamBytes(doc: PDFDocument, ref: PDFObject | undefined): Uint8Array {
  const stream = ref ? doc.context.lookup(ref) : undefined;
  assert.ok(stream instanceof PDFRawStream, 'a stream');
  return decodePDFRawStream(stream).decode();
}

/** Every CID of every embedded font maps to a real glyph: no character came out as the missing-glyph box. */
async function assertNoMissingGlyphs(bytes: Uint8Array): Promise<void> {
  const doc = await PDFDocument.load(bytes);
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

const RTL: ReadonlySet<Locale> = new Set(['ar', 'fa']);

function assertShows(text: string, expected: readonly string[]): void {
  for (const words of expected) assert.ok(text.includes(words), `missing «${words}» in: ${text}`);
}

for (const locale of Object.keys(TEXTS) as Locale[]) {
  test(`the ${locale} PDF is one A4 page with every text, its fonts embedded as subsets`, async () => {
    const data = fixture(locale);
    const { file, bytes } = await render(data);
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString(), '%PDF-');
    assert.ok(bytes.length < 80_000, `${bytes.length} bytes`);
    const info = poppler('pdfinfo', [file]);
    assert.match(info, /Pages:\s+1\n/);
    assert.match(info, /Page size:\s+595\.2\d x 841\.8\d pts \(A4\)/);
    const fonts = poppler('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '');
    for (const line of fonts) assert.match(line, /^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const { labels } = data;
    const texts = [
      data.authorityName,
      labels.title,
      data.personName,
      data.serviceName,
      data.locationName,
      data.address,
      data.reference,
      data.checkInCode,
      labels.bring,
      labels.manage,
      labels.reference,
      ...data.documents,
    ];
    // pdftotext rebuilds the order of digits and brackets inside RTL lines in its own way: there,
    // every word is checked (phrases of letters are checked whole in the Arabic test below).
    assertShows(
      textOf(file),
      RTL.has(locale) ? texts.flatMap((t) => t.match(/[\p{L}\p{M}\u200C]{2,}/gu) ?? []) : texts,
    );
    assert.ok(textOf(file).replace(/ /g, '').includes(data.manageUrl), 'the manage URL (may wrap)');
    await assertNoMissingGlyphs(bytes);
  });
}

test('German, Turkish and Ukrainian letters come back from the text layer as written', async () => {
  assertShows(textOf((await render(fixture('de'))).file), [
    'Montag, 2. März 2026',
    '09:30–10:00 Uhr',
    'Biometrisches Foto (35 × 45 mm)',
  ]);
  assertShows(textOf((await render(fixture('tr', { personName: 'Işıl Güneş Yıldırım' }))).file), [
    'İkamet izninin uzatılması',
    'Işıl Güneş Yıldırım',
    'Randevuyu iptal edin ya da değiştirin',
  ]);
  assertShows(textOf((await render(fixture('uk', { personName: 'Олена Коваленко' }))).file), [
    'Підтвердження запису',
    'Олена Коваленко',
    'Будь ласка, візьміть із собою',
    'понеділок, 2 березня 2026 р.',
  ]);
});

test('Arabic is shaped and comes back in reading order, right-aligned on the page', async () => {
  const { file } = await render(fixture('ar'));
  const text = textOf(file);
  // Whole phrases in logical order: the letters joined as written, not reversed, not in presentation forms.
  assertShows(text, [
    'تأكيد الموعد',
    'تمديد تصريح الإقامة',
    'جواز السفر',
    'عقد الإيجار',
    'إلغاء الموعد أو تغييره',
    'رقم الحجز',
  ]);
  assert.ok(!/[\uFB50-\uFDFF\uFE70-\uFEFF]/.test(text), 'no presentation-form characters');
  assert.ok(!text.includes('دعوملا'), 'not in visual order');
  assertShows(text, ['الاثنين', 'مارس', '2026', '09:30', '10:00']);
  assertAligned(file, 'right');
  assertAligned((await render(fixture('de'))).file, 'left');
});

test('Arabic letters take their joining forms: one letter, several glyphs', async () => {
  const { bytes } = await render(fixture('ar'));
  const glyphs = await glyphsByText(bytes, 'NotoSansArabic-Regular');
  // Unshaped text would draw each letter with its one isolated glyph.
  for (const letter of ['م', 'ي', 'ت']) {
    assert.ok((glyphs.get(letter)?.size ?? 0) >= 2, `${letter}: ${[...(glyphs.get(letter) ?? [])].join(', ')}`);
  }
});

/** For one embedded font: the glyph ids drawn for each text, read from its ToUnicode and CIDToGIDMap. */
async function glyphsByText(bytes: Uint8Array, fontName: string): Promise<Map<string, Set<number>>> {
  const doc = await PDFDocument.load(bytes);
  const result = new Map<string, Set<number>>();
  for (const [, font] of doc.context.enumerateIndirectObjects()) {
    if (!(font instanceof PDFDict) || font.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    if (!String(font.get(PDFName.of('BaseFont'))).endsWith(fontName)) continue;
    const descendant = doc.context.lookup(font.lookup(PDFName.of('DescendantFonts'), PDFArray).get(0), PDFDict);
    const gids = streamBytes(doc, descendant.get(PDFName.of('CIDToGIDMap')));
    const cmap = Buffer.from(streamBytes(doc, font.get(PDFName.of('ToUnicode'))));
    for (const [, cid, utf16] of cmap.toString('latin1').matchAll(/^<([0-9a-f]{4})> <([0-9a-f]+)>$/gim)) {
      const text = Buffer.from(utf16 ?? '', 'hex')
        .swap16()
        .toString('utf16le');
      const at = 2 * parseInt(cid ?? '0', 16);
      const set = result.get(text) ?? new Set<number>();
      set.add((gids[at] ?? 0) * 256 + (gids[at + 1] ?? 0));
      result.set(text, set);
    }
  }
  assert.ok(result.size > 0, `${fontName} is embedded`);
  return result;
}

test('Persian keeps its ZWNJ and digits, right-aligned on the page', async () => {
  const { file } = await render(fixture('fa', { authorityName: 'اداره خوش‌آمدگویی' }));
  const text = textOf(file);
  assertShows(text, ['تأیید نوبت', 'خوش‌آمدگویی', 'قرارداد اجاره‌نامه', 'لطفاً همراه داشته باشید', '۱۴۰۴', 'اسفند']);
  assertAligned(file, 'right');
});

/**
 * Most lines start at the reader's side of the page: they end at the right margin in Arabic and
 * Persian, start at the left margin otherwise; hardly any at the other margin (a wrapped URL may).
 */
function assertAligned(file: string, side: 'left' | 'right'): void {
  const html = poppler('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-']);
  const lines = [...html.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) => ({
    xMin: Number(m[1]),
    xMax: Number(m[2]),
  }));
  const atLeft = lines.filter((line) => Math.abs(line.xMin - 56) < 2.5).length;
  const atRight = lines.filter((line) => Math.abs(line.xMax - (595.28 - 56)) < 2.5).length;
  const [start, end] = side === 'right' ? [atRight, atLeft] : [atLeft, atRight];
  assert.ok(start >= 10 && end <= 1, `${start} lines at the ${side} margin, ${end} at the other, of ${lines.length}`);
}

test('the QR code encodes the check-in URL', async () => {
  const data = fixture('ar');
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
  const { width, height, pixels } = readPpm(readFileSync(path.join(work, image)));
  const { modules } = QRCode.create(data.checkInUrl, { errorCorrectionLevel: 'M' });
  const cell = width / (modules.size + 8); // a 4-module quiet zone on each side
  assert.equal(width, height);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      const x = Math.floor((column + 4.5) * cell);
      const y = Math.floor((row + 4.5) * cell);
      const dark = (pixels[3 * (y * width + x)] ?? 255) < 128;
      assert.equal(dark, modules.get(row, column) === 1, `module ${row},${column}`);
    }
  }
});

/** A binary PPM (P6, 8 bits): what pdfimages writes for an RGB image. */
function readPpm(file: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'a P6 PPM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: file.subarray(header[0].length) };
}

test('a long list of documents continues on further pages', async () => {
  const documents = Array.from({ length: 70 }, (_, i) => `Nachweis Nummer ${i + 1}`);
  const { file } = await render(fixture('de', { documents }));
  assert.match(poppler('pdfinfo', [file]), /Pages:\s+[2-9]\n/);
  assertShows(textOf(file), ['Nachweis Nummer 1 ', 'Nachweis Nummer 70', 'Termin absagen oder verschieben']);
});
