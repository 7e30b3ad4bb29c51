/**
 * The printed receipt of an online application (Eingangsbestätigung) as an A4 PDF: the German
 * text first, then the same in the applicant's language (unless that is German), then the QR code
 * and short code with which anyone (an employer, a police officer) can check that the receipt is
 * genuine. The texts come translated from the caller (catalogue keys `receipt.*`); this module
 * holds no visible text of its own, only formats the dates for each language.
 *
 * When § 81 Abs. 4 AufenthG applies (the application arrived before the current residence permit
 * expired), each section says so in plain words: the permit continues to be valid, with the
 * permission to work it grants, until the authority decides. That sentence is the point of the
 * paper; when the rule does not apply, a neutral sentence only confirms the receipt.
 *
 * The drawing engine (fonts cut to the document's characters, Arabic and Persian shaped with
 * fontkit and ordered with bidi-js, glyphs written as CID fonts) is src/platform/pdf, shared with
 * the appointment confirmation; this module holds the receipt's layout and styles.
 */
import type { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { PDFDocument, type PDFImage, rgb } from 'pdf-lib';
import {
  A4,
  ACCENT,
  addLink,
  type Canvas,
  type Column,
  CONTENT_WIDTH,
  createCanvas,
  type Direction,
  drawText,
  flow,
  INK,
  labelColumnWidth,
  layoutLine,
  LINE_HEIGHT,
  MARGIN,
  MUTED,
  qrImage,
  reserve,
  rule,
  type Style,
  subsetFaces,
  wrap,
  writeFaces,
} from '../../platform/pdf/index.js';
import { normaliseShortCode } from './receipt-signature.js';

export type ReceiptLocale = 'de' | 'en' | 'tr' | 'uk' | 'ar' | 'ru' | 'fa';

/**
 * Every visible text of one language section, translated (and, where the message has arguments,
 * formatted) by the caller. The catalogue key of each is `receipt.<name>`. Labels carry no colon.
 */
export interface ReceiptLabels {
  /** "Eingangsbestätigung": the document's title, and the heading of the applicant's section. */
  readonly title: string;
  /** Label of the applicant's name. */
  readonly name: string;
  /** Label of the reference number. */
  readonly reference: string;
  /** Label of the date and time of receipt. */
  readonly receivedAt: string;
  /** Label of what was applied for. */
  readonly service: string;
  /** Label of the current permit's expiry date (shown only when the date is known). */
  readonly permitExpiresOn: string;
  /** The neutral sentence: the application was received (when § 81 Abs. 4 AufenthG does not apply). */
  readonly received: string;
  /** The § 81 Abs. 4 AufenthG sentence: the current permit, work included, stays valid until the decision. */
  readonly continuedValidity: string;
  /** Above the applicant's section: a translation, the German text is binding. Not used in the German section. */
  readonly translationNote: string;
  /** Heading of the verification block. */
  readonly verifyHeading: string;
  /** Label of the short code. */
  readonly shortCode: string;
  /** "Check this receipt at {verifyUrl}", formatted with the receipt's verifyUrl. */
  readonly verifyAt: string;
}

export interface ReceiptDocumentData {
  /** The application's reference, e.g. "A-7K3M-9QXD". */
  readonly reference: string;
  readonly receivedAt: Date;
  /** Where the office is: the time of receipt is printed in its local time. */
  readonly timeZone: typeof OFFICE_TIME_ZONE;
  /** What was applied for, in German and in the applicant's language. */
  readonly serviceName: { readonly de: string; readonly applicant: string };
  /** The full name, as on paper (the verification page shows only initials). */
  readonly applicantName: string;
  readonly authorityName: string;
  /** § 81 Abs. 4 AufenthG applies: the application arrived before the current permit expired. */
  readonly continuedValidity: boolean;
  /** The current permit's expiry as `YYYY-MM-DD`, or null when there is none or it is not known. */
  readonly permitExpiresOn: string | null;
  /** `XXXXX-XXXXX`, from receipt-signature's shortCode(token). */
  readonly shortCode: string;
  /** Absolute URL of the verification page for this receipt: the QR code's content. */
  readonly verifyUrl: string;
  readonly labels: { readonly de: ReceiptLabels; readonly applicant: ReceiptLabels };
  /** The applicant's language: its section follows the German one, unless it is German too. */
  readonly applicantLocale: ReceiptLocale;
}

const RTL_LOCALES: ReadonlySet<ReceiptLocale> = new Set(['ar', 'fa']);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkData(data: ReceiptDocumentData): void {
  if (Number.isNaN(data.receivedAt.getTime())) throw new RangeError('receivedAt must be a valid date');
  if (data.permitExpiresOn !== null && dayOf(data.permitExpiresOn) === null)
    throw new RangeError('permitExpiresOn must be a date as YYYY-MM-DD');
  if (normaliseShortCode(data.shortCode) !== data.shortCode)
    throw new RangeError('shortCode must be a short code as XXXXX-XXXXX');
  if (data.reference.trim() === '') throw new RangeError('a receipt needs a reference');
  if (!URL.canParse(data.verifyUrl)) throw new RangeError('verifyUrl must be an absolute URL');
  for (const labels of sectionLabels(data)) {
    // The sentence is the only place a reader who cannot scan a QR code finds the address.
    if (!labels.verifyAt.includes(data.verifyUrl))
      throw new RangeError('labels.verifyAt must be formatted with the verifyUrl');
  }
}

function sectionLabels(data: ReceiptDocumentData): ReceiptLabels[] {
  return data.applicantLocale === 'de' ? [data.labels.de] : [data.labels.de, data.labels.applicant];
}

/** A `YYYY-MM-DD` calendar day as UTC midnight, or null when it is no such day. */
function dayOf(text: string): Date | null {
  const match = ISO_DAY.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text ? date : null;
}

/** The instant of receipt in the office's time zone, as the reader writes dates. Gregorian in every language. */
function formatReceivedAt(locale: ReceiptLocale, instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    calendar: 'gregory',
  }).format(instant);
}

/** A calendar day (no time, so no time zone to shift it). */
function formatDay(locale: ReceiptLocale, day: string): string {
  const date = dayOf(day) ?? new Date(NaN);
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    calendar: 'gregory',
  }).format(date);
}

/** One language section, its texts ready to draw. */
interface Section {
  readonly locale: ReceiptLocale;
  readonly labels: ReceiptLabels;
  readonly serviceName: string;
  readonly receivedAt: string;
  readonly permitExpiresOn: string | null;
  readonly rtl: boolean;
}

function sections(data: ReceiptDocumentData): Section[] {
  const section = (locale: ReceiptLocale, labels: ReceiptLabels, serviceName: string): Section => ({
    locale,
    labels,
    serviceName,
    receivedAt: formatReceivedAt(locale, data.receivedAt, data.timeZone),
    permitExpiresOn: data.permitExpiresOn === null ? null : formatDay(locale, data.permitExpiresOn),
    rtl: RTL_LOCALES.has(locale),
  });
  const german = section('de', data.labels.de, data.serviceName.de);
  return data.applicantLocale === 'de'
    ? [german]
    : [german, section(data.applicantLocale, data.labels.applicant, data.serviceName.applicant)];
}

// ——————————————————————————————————————————— the receipt ———————————————————————————————————————————

const QR_SIZE = 124; // points, quiet zone included
const QR_GAP = 16;
/** Between the German and the applicant's label of the short code. */
const SEPARATOR = ' \u00B7 ';
/** Less than the side and bottom margins: the receipt should fit one sheet in every language. */
const TOP_MARGIN = 42;
const NOTICE = rgb(0.93, 0.95, 0.98);

const STYLES = {
  authority: { size: 11, bold: true, color: ACCENT },
  title: { size: 20, bold: true, color: INK },
  heading: { size: 14, bold: true, color: INK },
  subheading: { size: 12, bold: true, color: INK },
  note: { size: 9.5, bold: false, color: MUTED },
  label: { size: 9.5, bold: false, color: MUTED },
  value: { size: 11, bold: false, color: INK },
  strong: { size: 11, bold: true, color: INK },
  notice: { size: 11, bold: true, color: INK },
  code: { size: 22, bold: true, color: INK },
  link: { size: 10, bold: false, color: ACCENT },
} as const satisfies Record<string, Style>;

/** The height drawText would use, without drawing. */
function measure(canvas: Canvas, text: string, style: Style, width: number, direction?: Direction): number {
  const layout = (t: string) => layoutLine(t, direction ?? (canvas.rtl ? 'rtl' : 'ltr'), canvas.faces, style);
  return wrap(text, (t) => layout(t).width <= width).length * style.size * LINE_HEIGHT;
}

/** The column at `left` points from the left margin, whichever the current direction. */
function physicalColumn(canvas: Canvas, left: number, width: number): Column {
  return { start: canvas.rtl ? CONTENT_WIDTH - left - width : left, width };
}

function drawHeader(canvas: Canvas, data: ReceiptDocumentData): void {
  flow(canvas, data.authorityName, { style: STYLES.authority, direction: 'auto' }, 6);
  flow(canvas, data.labels.de.title, { style: STYLES.title }, 2);
  rule(canvas, 16);
}

/** Label/value rows, then the sentence on the application's effect; the German section has the page's title as its heading. */
function drawSection(canvas: Canvas, data: ReceiptDocumentData, section: Section, heading: boolean): void {
  canvas.rtl = section.rtl;
  const { labels } = section;
  const page = section.rtl ? 'rtl' : 'ltr';
  if (heading) {
    reserve(canvas, 80);
    flow(canvas, labels.title, { style: STYLES.heading }, 1);
    flow(canvas, labels.translationNote, { style: STYLES.note }, 6);
  }
  const rows: [string, string, Style, Direction][] = [
    [labels.name, data.applicantName, STYLES.strong, 'auto'],
    [labels.reference, data.reference, STYLES.strong, 'ltr'],
    [labels.receivedAt, section.receivedAt, STYLES.strong, page],
    [labels.service, section.serviceName, STYLES.value, page],
  ];
  if (section.permitExpiresOn !== null)
    rows.push([labels.permitExpiresOn, section.permitExpiresOn, STYLES.value, page]);
  const labelWidth = labelColumnWidth(
    canvas,
    rows.map(([label]) => label),
    CONTENT_WIDTH,
    STYLES.label,
  );
  const labelColumn = { start: 0, width: labelWidth };
  const valueColumn = { start: labelWidth + 10, width: CONTENT_WIDTH - labelWidth - 10 };
  for (const [label, value, style, direction] of rows) {
    const height = Math.max(
      measure(canvas, label, STYLES.label, labelColumn.width),
      measure(canvas, value, style, valueColumn.width, direction),
    );
    reserve(canvas, height);
    drawText(canvas, label, canvas.y - 1.5, { style: STYLES.label, column: labelColumn });
    drawText(canvas, value, canvas.y, { style, column: valueColumn, direction });
    canvas.y -= height + 3;
  }
  canvas.y -= 4;
  if (data.continuedValidity) drawNotice(canvas, labels.continuedValidity);
  else flow(canvas, labels.received, { style: STYLES.value });
  rule(canvas, 14);
}

/** The § 81 Abs. 4 sentence on a tinted band with a bar on the start side: the part a checker looks for. */
function drawNotice(canvas: Canvas, text: string): void {
  const padding = 7;
  const column = { start: padding + 3, width: CONTENT_WIDTH - 2 * padding - 3 };
  const height = measure(canvas, text, STYLES.notice, column.width) + 2 * padding;
  reserve(canvas, height);
  const bottom = canvas.y - height;
  canvas.page.drawRectangle({ x: MARGIN, y: bottom, width: CONTENT_WIDTH, height, color: NOTICE });
  canvas.page.drawRectangle({
    x: canvas.rtl ? A4[0] - MARGIN - 3 : MARGIN,
    y: bottom,
    width: 3,
    height,
    color: ACCENT,
  });
  drawText(canvas, text, canvas.y - padding, { style: STYLES.notice, column });
  canvas.y = bottom - 6;
}

/** The QR code at the left, beside it how to check the receipt (in both languages) and the short code. */
function drawVerification(canvas: Canvas, data: ReceiptDocumentData, all: readonly Section[], qr: PDFImage): void {
  const left = QR_SIZE + QR_GAP;
  const width = CONTENT_WIDTH - left;
  const [german, applicant] = all;
  const rtl = applicant?.rtl ?? false;
  const pieces: { text: string; style: Style; rtl: boolean; direction?: Direction; link?: string; gap: number }[] = [
    { text: german?.labels.verifyHeading ?? '', style: STYLES.subheading, rtl: false, gap: 4 },
    { text: german?.labels.verifyAt ?? '', style: STYLES.value, rtl: false, link: data.verifyUrl, gap: 4 },
  ];
  if (applicant)
    pieces.push({ text: applicant.labels.verifyAt, style: STYLES.value, rtl, link: data.verifyUrl, gap: 4 });
  // One line for both labels; the applicant's part keeps its own direction inside it (bidi).
  const codeLabel = applicant
    ? `${german?.labels.shortCode ?? ''}${SEPARATOR}${applicant.labels.shortCode}`
    : (german?.labels.shortCode ?? '');
  pieces.push({ text: codeLabel, style: STYLES.label, rtl: false, gap: 0 });
  pieces.push({ text: data.shortCode, style: STYLES.code, rtl: false, direction: 'ltr', gap: 0 });

  canvas.rtl = false;
  const textHeight = pieces.reduce((sum, piece) => {
    canvas.rtl = piece.rtl;
    return sum + measure(canvas, piece.text, piece.style, width, piece.direction) + piece.gap;
  }, 0);
  canvas.rtl = false;
  reserve(canvas, Math.max(QR_SIZE, textHeight));
  const top = canvas.y;
  canvas.page.drawImage(qr, { x: MARGIN, y: top - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  addLink(canvas, data.verifyUrl, [MARGIN, top - QR_SIZE, MARGIN + QR_SIZE, top]);
  let y = top - 6; // level with the QR code's dark modules rather than its quiet zone
  for (const piece of pieces) {
    canvas.rtl = piece.rtl;
    const options = {
      style: piece.style,
      column: physicalColumn(canvas, left, width),
      direction: piece.direction,
      link: piece.link,
    };
    y -= drawText(canvas, piece.text, y, options) + piece.gap;
  }
  canvas.rtl = false;
  canvas.y = Math.min(y, top - QR_SIZE) - 8;
}

function describe(doc: PDFDocument, data: ReceiptDocumentData): void {
  doc.setTitle(`${data.labels.de.title} ${data.reference}`, { showInWindowTitleBar: true });
  doc.setAuthor(data.authorityName);
  doc.setSubject(data.serviceName.de);
  doc.setLanguage('de');
  doc.setCreator('Willkommen');
  doc.setProducer('Willkommen');
}

/** Every text the receipt may draw, for cutting the fonts down to their characters. */
function textsOf(data: ReceiptDocumentData, all: readonly Section[]): string[] {
  const texts = [data.authorityName, data.applicantName, data.reference, data.shortCode, data.verifyUrl, SEPARATOR];
  for (const section of all) {
    texts.push(
      section.serviceName,
      section.receivedAt,
      section.permitExpiresOn ?? '',
      ...Object.values(section.labels),
    );
  }
  return texts;
}

/** The receipt as an A4 PDF: German, then the applicant's language, then the QR code and short code to check it. */
export async function receiptPdf(data: ReceiptDocumentData): Promise<Uint8Array> {
  checkData(data);
  const all = sections(data);
  const doc = await PDFDocument.create();
  describe(doc, data);
  const canvas = createCanvas(doc, await subsetFaces(textsOf(data, all)), false, A4[1] - TOP_MARGIN);
  drawHeader(canvas, data);
  for (const [i, section] of all.entries()) drawSection(canvas, data, section, i > 0);
  drawVerification(canvas, data, all, await qrImage(doc, data.verifyUrl));
  writeFaces(doc, canvas.faces);
  return doc.save();
}
