/**
 * The two attachments of an appointment confirmation: a calendar entry (ICS) and a printable A4
 * PDF with the check-in QR code. Both are built from data the caller has already translated: this
 * module holds no visible text of its own.
 */
import { PDFDocument, type PDFImage } from 'pdf-lib';
import {
  ACCENT,
  type Canvas,
  columnEdges,
  CONTENT_WIDTH,
  createCanvas,
  type Direction,
  drawText,
  flow,
  INK,
  labelColumnWidth,
  LINE_HEIGHT,
  MUTED,
  qrImage,
  reserve,
  rule,
  type Style,
  subsetFaces,
  writeFaces,
} from '../../platform/pdf/index.js';

export interface AppointmentDocumentData {
  readonly locale: 'de' | 'en' | 'tr' | 'uk' | 'ar' | 'ru' | 'fa';
  /** Stable unique id of the appointment; the ICS UID is `${uid}@willkommen`. */
  readonly uid: string;
  /** Short booking reference shown to people, e.g. "T-7K3M-9QXD". */
  readonly reference: string;
  readonly authorityName: string;
  /** Already in the reader's language. */
  readonly serviceName: string;
  readonly locationName: string;
  /** One line, e.g. "Marktplatz 1, 12345 Musterstadt". */
  readonly address: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** E.g. 'Europe/Berlin'; the ICS states times in UTC, the PDF shows labels.formattedDate/-Time. */
  readonly timeZone: string;
  readonly personName: string;
  /** Names of the documents to bring, in the reader's language. */
  readonly documents: readonly string[];
  /** What the kiosk accepts typed, e.g. "K7M3Q9XD". */
  readonly checkInCode: string;
  /** Absolute URL encoded in the QR code. */
  readonly checkInUrl: string;
  /** Absolute URL to cancel or move the appointment. */
  readonly manageUrl: string;
  /** All visible texts, translated by the caller; labels carry no trailing colon. */
  readonly labels: {
    title: string;
    date: string;
    time: string;
    place: string;
    service: string;
    person: string;
    reference: string;
    bring: string;
    checkIn: string;
    manage: string;
    /** The ICS SUMMARY. */
    calendarSummary: string;
    /** Date and time already formatted for the reader. */
    formattedDate: string;
    formattedTime: string;
  };
}

const RTL_LOCALES: ReadonlySet<AppointmentDocumentData['locale']> = new Set(['ar', 'fa']);

function checkData(data: AppointmentDocumentData): void {
  const start = data.startsAt.getTime();
  const end = data.endsAt.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('appointment times must be valid dates');
  if (end <= start) throw new RangeError('an appointment must end after it starts');
  for (const url of [data.checkInUrl, data.manageUrl]) new URL(url); // throws on a relative or broken URL
}

// ————————————————————————————————————————— ICS (RFC 5545) —————————————————————————————————————————
// Written by hand rather than with the `ics` package: that one folds lines after 75 characters,
// not 75 octets, so Cyrillic, Arabic and Persian lines come out too long.

const PRODID = '-//Willkommen//Appointments 1.0//EN';

/** `20260302T083000Z`: a UTC DATE-TIME. */
function icsDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 §3.3.11); other control characters are not allowed in TEXT at all. */
function icsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

/** Folds after 75 octets (§3.1), never inside a UTF-8 sequence; continuation lines start with a space. */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function icsDescription(data: AppointmentDocumentData): string {
  const { labels } = data;
  return [
    `${labels.reference}: ${data.reference}`,
    `${labels.checkIn}: ${data.checkInCode}`,
    `${labels.bring}:`,
    ...data.documents.map((name) => `- ${name}`),
    `${labels.manage}: ${data.manageUrl}`,
  ].join('\n');
}

/** A VCALENDAR (METHOD:PUBLISH) with the appointment as its one VEVENT; times in UTC, so no VTIMEZONE. */
export function appointmentIcs(data: AppointmentDocumentData): string {
  checkData(data);
  const language = `;LANGUAGE=${data.locale}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsText(`${data.uid}@willkommen`)}`,
    `DTSTAMP:${icsDateTime(new Date())}`,
    `DTSTART:${icsDateTime(data.startsAt)}`,
    `DTEND:${icsDateTime(data.endsAt)}`,
    `SUMMARY${language}:${icsText(data.labels.calendarSummary)}`,
    `LOCATION${language}:${icsText(`${data.locationName}, ${data.address}`)}`,
    `DESCRIPTION${language}:${icsText(icsDescription(data))}`,
    `URL:${new URL(data.manageUrl).href}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

// ——————————————————————————————————————————— the page ———————————————————————————————————————————
// Fonts, shaping and drawing are src/platform/pdf's; here only this document's sizes and styles.

const BULLET = '\u2022';
const QR_COLUMN = 150;
const QR_SIZE = 132; // points, quiet zone included

const STYLES = {
  authority: { size: 11, bold: true, color: ACCENT },
  title: { size: 20, bold: true, color: INK },
  label: { size: 9.5, bold: false, color: MUTED },
  value: { size: 11, bold: false, color: INK },
  strong: { size: 11, bold: true, color: INK },
  heading: { size: 12, bold: true, color: INK },
  code: { size: 22, bold: true, color: INK },
  link: { size: 10, bold: false, color: ACCENT },
} as const satisfies Record<string, Style>;

/** Every text the PDF may draw, for cutting the fonts down to their characters. */
function textsOf(data: AppointmentDocumentData): string[] {
  const texts = [data.authorityName, data.serviceName, data.locationName, data.address, data.personName];
  texts.push(
    data.reference,
    data.checkInCode,
    data.manageUrl,
    BULLET,
    ...data.documents,
    ...Object.values(data.labels),
  );
  return texts;
}

// ——————————————————————————————————————————— sections ———————————————————————————————————————————

function drawHeader(canvas: Canvas, data: AppointmentDocumentData): void {
  flow(canvas, data.authorityName, { style: STYLES.authority, direction: 'auto' }, 6);
  flow(canvas, data.labels.title, { style: STYLES.title }, 2);
  rule(canvas, 16);
}

/** The details as label/value rows beside the check-in QR code; moves the pen below both. */
function drawDetailsAndQr(canvas: Canvas, data: AppointmentDocumentData, qr: PDFImage): void {
  const detailsWidth = CONTENT_WIDTH - QR_COLUMN - 16;
  const qrBottom = drawQrColumn(canvas, data, qr, canvas.y);
  const { labels } = data;
  const page = canvas.rtl ? 'rtl' : 'ltr';
  const rows: [string, string, Style, Direction][] = [
    [labels.person, data.personName, STYLES.strong, 'auto'],
    [labels.service, data.serviceName, STYLES.value, page],
    [labels.date, labels.formattedDate, STYLES.strong, page],
    [labels.time, labels.formattedTime, STYLES.strong, page],
    [labels.place, `${data.locationName}\n${data.address}`, STYLES.value, 'auto'],
    [labels.reference, data.reference, STYLES.strong, 'ltr'],
  ];
  const labelWidth = labelColumnWidth(
    canvas,
    rows.map(([label]) => label),
    detailsWidth,
    STYLES.label,
  );
  const valueColumn = { start: labelWidth + 10, width: detailsWidth - labelWidth - 10 };
  for (const [label, value, style, direction] of rows) {
    const labelHeight = drawText(canvas, label, canvas.y - 1.5, {
      style: STYLES.label,
      column: { start: 0, width: labelWidth },
    });
    const valueHeight = drawText(canvas, value, canvas.y, { style, column: valueColumn, direction });
    canvas.y -= Math.max(labelHeight, valueHeight) + 7;
  }
  canvas.y = Math.min(canvas.y, qrBottom);
  rule(canvas, 16);
}

/** Check-in label, QR code and the code to type, centred in the end-side column; returns its bottom. */
function drawQrColumn(canvas: Canvas, data: AppointmentDocumentData, qr: PDFImage, top: number): number {
  const column = { start: CONTENT_WIDTH - QR_COLUMN, width: QR_COLUMN };
  let y = top - drawText(canvas, data.labels.checkIn, top, { style: STYLES.label, column, align: 'center' });
  const { left } = columnEdges(canvas, column);
  canvas.page.drawImage(qr, { x: left + (QR_COLUMN - QR_SIZE) / 2, y: y - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  y -= QR_SIZE;
  y -= drawText(canvas, data.checkInCode, y, { style: STYLES.code, column, align: 'center', direction: 'ltr' });
  return y - 8;
}

function drawDocuments(canvas: Canvas, data: AppointmentDocumentData): void {
  if (data.documents.length === 0) return;
  flow(canvas, data.labels.bring, { style: STYLES.heading }, 6);
  const indent = 16;
  for (const name of data.documents) {
    reserve(canvas, STYLES.value.size * LINE_HEIGHT);
    drawText(canvas, BULLET, canvas.y, { style: STYLES.value, column: { start: 2, width: indent } });
    flow(canvas, name, { style: STYLES.value, column: { start: indent, width: CONTENT_WIDTH - indent } }, 3);
  }
  rule(canvas, 16);
}

function drawManage(canvas: Canvas, data: AppointmentDocumentData): void {
  flow(canvas, data.labels.manage, { style: STYLES.heading }, 4);
  flow(canvas, data.manageUrl, { style: STYLES.link, direction: 'ltr', link: new URL(data.manageUrl).href });
}

function describe(doc: PDFDocument, data: AppointmentDocumentData): void {
  doc.setTitle(data.labels.title, { showInWindowTitleBar: true });
  doc.setAuthor(data.authorityName);
  doc.setSubject(data.serviceName);
  doc.setLanguage(data.locale);
  doc.setCreator('Willkommen');
  doc.setProducer('Willkommen');
}

/** The confirmation as an A4 PDF: details, documents to bring, the check-in QR code and the manage link. */
export async function appointmentPdf(data: AppointmentDocumentData): Promise<Uint8Array> {
  checkData(data);
  const doc = await PDFDocument.create();
  describe(doc, data);
  const canvas = createCanvas(doc, await subsetFaces(textsOf(data)), RTL_LOCALES.has(data.locale));
  drawHeader(canvas, data);
  drawDetailsAndQr(canvas, data, await qrImage(doc, data.checkInUrl));
  drawDocuments(canvas, data);
  drawManage(canvas, data);
  writeFaces(doc, canvas.faces);
  return doc.save();
}
