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
 * fontkit and ordered with bidi-js, glyphs written as CID fonts) is a copy of the one in
 * src/appointments/confirmation-documents.ts, fenced below, until both import it from a shared module.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import type { Glyph, GlyphRun, Font as KitFont } from '@pdf-lib/fontkit';
import bidiModule from 'bidi-js';
import {
  beginText,
  endText,
  PDFDocument,
  PDFHexString,
  PDFOperator,
  type PDFName,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type Color,
  type PDFRef,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib';
import QRCode from 'qrcode';
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
  readonly timeZone: 'Europe/Berlin';
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
  if (data.permitExpiresOn !== null && dayOf(data.permitExpiresOn) === null) throw new RangeError('permitExpiresOn must be a date as YYYY-MM-DD');
  if (normaliseShortCode(data.shortCode) !== data.shortCode) throw new RangeError('shortCode must be a short code as XXXXX-XXXXX');
  if (data.reference.trim() === '') throw new RangeError('a receipt needs a reference');
  if (!URL.canParse(data.verifyUrl)) throw new RangeError('verifyUrl must be an absolute URL');
  for (const labels of sectionLabels(data)) {
    // The sentence is the only place a reader who cannot scan a QR code finds the address.
    if (!labels.verifyAt.includes(data.verifyUrl)) throw new RangeError('labels.verifyAt must be formatted with the verifyUrl');
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
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    timeZone, calendar: 'gregory',
  }).format(instant);
}

/** A calendar day (no time, so no time zone to shift it). */
function formatDay(locale: ReceiptLocale, day: string): string {
  const date = dayOf(day) ?? new Date(NaN);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', calendar: 'gregory' }).format(date);
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
    locale, labels, serviceName,
    receivedAt: formatReceivedAt(locale, data.receivedAt, data.timeZone),
    permitExpiresOn: data.permitExpiresOn === null ? null : formatDay(locale, data.permitExpiresOn),
    rtl: RTL_LOCALES.has(locale),
  });
  const german = section('de', data.labels.de, data.serviceName.de);
  return data.applicantLocale === 'de' ? [german] : [german, section(data.applicantLocale, data.labels.applicant, data.serviceName.applicant)];
}

// ═════════════════════════════════ copied from confirmation-documents.ts ═════════════════════════════════
// Lines 169–776 (fonts, bidirectional text, wrapping, the page), labelColumnWidth and qrImage of
// src/appointments/confirmation-documents.ts, unchanged except:
// - charactersOf and subsetFaces take the list of texts to draw instead of AppointmentDocumentData;
// - Canvas.rtl is writable, as the receipt switches direction between its sections;
// - BULLET, QR_COLUMN, QR_SIZE and STYLES are left out (the receipt defines its own styles).
// To be replaced by an import once these move to a shared module.

// ————————————————————————————————————————————— fonts ——————————————————————————————————————————————
// Noto Sans (from KERN's package) covers Latin with Turkish letters and Cyrillic; Noto Sans Arabic
// (from @fontsource, OFL) covers Arabic and Persian. Each text run is drawn in the face that has
// its letters. Fonts are cut down to the document's characters by harfbuzz (subset-font), which
// keeps the shaping tables, and embedded by this module rather than pdf-lib's embedFont, because:
// - pdf-lib's subsetting (fontkit's) breaks Noto Sans Arabic: its glyph records have odd lengths,
//   which the short loca table of a small subset cannot address;
// - pdf-lib's ToUnicode map covers a glyph once, but Noto Sans Arabic draws ب ت ث ن ي with one
//   dotless glyph plus dot marks, so a glyph alone cannot say which letter it shows. Here each
//   (glyph, text) pair gets a CID of its own, mapped to its glyph and to its text, so copying
//   and searching the PDF give the real words.

const FONT_FILES = {
  latin: '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Regular.woff',
  latinBold: '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Bold.woff',
  arabic: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff',
  arabicBold: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff',
} as const;

type FontName = keyof typeof FONT_FILES;
type SourceFont = { readonly bytes: Buffer; readonly kit: KitFont };

/**
 * WOFF 1.0 (zlib-compressed tables) back to the TrueType file it wraps. subset-font accepts WOFF,
 * but unpacks it in JavaScript on every call (30 to 100 ms a font); unpacked once, a subset takes
 * a few milliseconds.
 */
function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already a plain font file
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + 20 * i;
    const [offset, compressed, length] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)];
    const stored = woff.subarray(offset, offset + compressed);
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), body: compressed < length ? inflateSync(stored) : stored };
  });
  const log2 = Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(woff.readUInt32BE(4), 0); // the flavour is the sfnt version
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(16 * 2 ** log2, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(16 * count - 16 * 2 ** log2, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((table, i) => {
    table.tag.copy(header, 12 + 16 * i);
    header.writeUInt32BE(table.checksum, 16 + 16 * i);
    header.writeUInt32BE(offset, 20 + 16 * i);
    header.writeUInt32BE(table.body.length, 24 + 16 * i);
    const padded = Buffer.alloc(Math.ceil(table.body.length / 4) * 4);
    table.body.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

// Read, unpacked and parsed once per process (about 1.3 MB); the parsed font says which characters it has.
let sources: Promise<Record<FontName, SourceFont>> | undefined;

function loadSources(): Promise<Record<FontName, SourceFont>> {
  sources ??= (async () => {
    const entries = await Promise.all(
      Object.entries(FONT_FILES).map(async ([name, specifier]) => {
        const bytes = woffToSfnt(await readFile(fileURLToPath(import.meta.resolve(specifier))));
        return [name, { bytes, kit: fontkit.create(bytes) }] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<FontName, SourceFont>;
  })();
  sources.catch(() => (sources = undefined)); // a failed read is retried by the next call
  return sources;
}

/** One character code of an embedded font: the glyph it shows and the text it stands for. */
interface Cid {
  readonly cid: number;
  readonly gid: number;
  readonly text: string;
  /** Advance in thousandths of the font size, rounded, as the PDF states it. */
  readonly width: number;
}

/** A font subset for one document: parsed for shaping, written into the PDF once drawing is done. */
interface Face {
  readonly bytes: Uint8Array;
  readonly kit: KitFont;
  /** BaseFont: a subset tag and the PostScript name. */
  readonly name: string;
  /** By `${gid}:${text}`, in CID order. */
  readonly cids: Map<string, Cid>;
  /** Allocated when the face is first drawn; unused faces are not written at all. */
  ref?: PDFRef;
}

/** The Latin/Cyrillic and the Arabic face of one weight (the same face when the text has no Arabic). */
interface FacePair {
  readonly latin: Face;
  readonly arabic: Face;
}

interface Faces {
  readonly regular: FacePair;
  readonly bold: FacePair;
}

/** Every character the document may draw, the mirrored forms of brackets included. */
function charactersOf(texts: readonly string[]): Set<string> {
  const chars = new Set<string>();
  // A space always: fontkit shows invisible characters (a Persian ZWNJ) with the space's glyph.
  for (const char of [' ', ...texts].join('')) {
    chars.add(char);
    const mirrored = bidi.getMirroredCharacter(char);
    if (mirrored) chars.add(mirrored);
  }
  return chars;
}

/** Six capitals from the subset's bytes: PDF marks a subset font by such a tag before its name. */
function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  return [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/**
 * fontkit keeps one Glyph object per glyph id, holding the characters of its first use: where
 * letters share a glyph (the dotless form of ب ت ث ن ي), later uses would report the first
 * letter. Here each lookup gets an object of its own, inheriting everything else from the cached one.
 */
function withOwnCodePoints(kit: KitFont): KitFont {
  const cached = kit.getGlyph.bind(kit);
  kit.getGlyph = (id: number, codePoints: number[] = []) => Object.assign(Object.create(cached(id)) as Glyph, { codePoints });
  return kit;
}

/**
 * `closure`: keep the glyphs that shaping substitutes for the characters. Arabic needs them (its
 * joining forms have no characters of their own); for Latin and Cyrillic they are small caps and
 * alternates never used here, and leaving them out halves the font.
 */
async function subsetFace(source: SourceFont, chars: ReadonlySet<string>, closure: boolean): Promise<Face> {
  // Loaded on first use: its WebAssembly stays resident afterwards, so not for processes that never need it.
  const { default: subsetFont } = await import('subset-font');
  const covered = [...chars].filter((char) => source.kit.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)).join('');
  const options = { targetFormat: 'truetype', noLayoutClosure: !closure } as const;
  const bytes = new Uint8Array(await subsetFont(source.bytes, covered, options));
  const name = `${subsetTag(bytes)}+${source.kit.postscriptName ?? 'Font'}`;
  return { bytes, kit: withOwnCodePoints(fontkit.create(bytes)), name, cids: new Map() };
}

async function subsetFaces(texts: readonly string[]): Promise<Faces> {
  const fonts = await loadSources();
  const chars = charactersOf(texts);
  const needsArabic = [...chars].some((char) => ARABIC_SCRIPT.test(char));
  const pair = async (latinName: FontName, arabicName: FontName): Promise<FacePair> => {
    const latin = await subsetFace(fonts[latinName], chars, false);
    return { latin, arabic: needsArabic ? await subsetFace(fonts[arabicName], chars, true) : latin };
  };
  return { regular: await pair('latin', 'arabic'), bold: await pair('latinBold', 'arabicBold') };
}

/** The CID showing `glyph` for `text` (the logical characters, so mirrored brackets map back). */
function cidFor(face: Face, glyph: Glyph, text: string, advance = glyph.advanceWidth): Cid {
  const key = `${glyph.id}:${text}`;
  let entry = face.cids.get(key);
  if (!entry) {
    entry = { cid: face.cids.size + 1, gid: glyph.id, text, width: Math.round((advance * 1000) / face.kit.unitsPerEm) };
    face.cids.set(key, entry);
  }
  return entry;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/** The ToUnicode CMap (PDF §9.10.3): each CID to its text in UTF-16BE; marks without text are left out. */
function toUnicodeCMap(cids: readonly Cid[]): string {
  const mapped = cids.filter((entry) => entry.text !== '');
  const lines = ['/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap'];
  lines.push('/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def');
  lines.push('/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def', '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange');
  for (let i = 0; i < mapped.length; i += 100) {
    const chunk = mapped.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const entry of chunk) lines.push(`<${hex4(entry.cid)}> <${Buffer.from(entry.text, 'utf16le').swap16().toString('hex')}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/** CID n's glyph id at bytes 2n and 2n+1; CID 0 is .notdef. */
function cidToGidMap(cids: readonly Cid[]): Uint8Array {
  const map = Buffer.alloc(2 * (cids.length + 1));
  for (const entry of cids) map.writeUInt16BE(entry.gid, 2 * entry.cid);
  return map;
}

/** Writes a drawn face as a Type0 font with a CIDFontType2 descendant (PDF §9.7). */
function writeFace(doc: PDFDocument, face: Face): void {
  if (!face.ref) return;
  const { context } = doc;
  const { kit } = face;
  const scale = 1000 / kit.unitsPerEm;
  const cids = [...face.cids.values()];
  const descriptor = context.obj({
    Type: 'FontDescriptor',
    FontName: face.name,
    Flags: 4, // symbolic: glyphs are chosen by CID, not by a standard Latin encoding
    FontBBox: [kit.bbox.minX, kit.bbox.minY, kit.bbox.maxX, kit.bbox.maxY].map((v) => Math.round(v * scale)),
    ItalicAngle: kit.italicAngle,
    Ascent: Math.round(kit.ascent * scale),
    Descent: Math.round(kit.descent * scale),
    CapHeight: Math.round((kit.capHeight || kit.ascent) * scale),
    StemV: 80,
    FontFile2: context.register(context.flateStream(face.bytes, { Length1: face.bytes.length })),
  });
  const cidFont = context.obj({
    Type: 'Font',
    Subtype: 'CIDFontType2',
    BaseFont: face.name,
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
    FontDescriptor: context.register(descriptor),
    W: [1, cids.map((entry) => entry.width)],
    CIDToGIDMap: context.register(context.flateStream(cidToGidMap(cids))),
  });
  const font = context.obj({
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: face.name,
    Encoding: 'Identity-H',
    DescendantFonts: [context.register(cidFont)],
    ToUnicode: context.register(context.flateStream(toUnicodeCMap(cids))),
  });
  context.assign(face.ref, font);
}

function writeFaces(doc: PDFDocument, faces: Faces): void {
  const all = new Set([faces.regular.latin, faces.regular.arabic, faces.bold.latin, faces.bold.arabic]);
  for (const face of all) writeFace(doc, face);
}

// ——————————————————————————————————————— bidirectional text ———————————————————————————————————————
// pdf-lib's drawText shapes through fontkit but drops the glyph positions, and Noto Sans Arabic
// places the dots of its letters as marks positioned by GPOS: drawn by pdf-lib they would land in
// the wrong place. So lines are shaped here with fontkit, positions kept, and drawn glyph by glyph.

// bidi-js is CommonJS and its module.exports is the factory itself; its types claim an ES default
// export, which under NodeNext resolution would be `.default`. The import is the function.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();
const ARABIC_SCRIPT = /\p{Script_Extensions=Arabic}/u;
const LETTER = /\p{L}/u;
// Zero-width joiners, marks and controls: pdf-lib and fontkit would draw them as a full space.
// Each becomes a run of its own, shown as a zero-width blank glyph that keeps it in the text layer;
// the runs around it are shaped apart (which is exactly what a ZWNJ in Persian asks for).
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/** A paragraph's base direction for the bidi algorithm; 'auto': that of its first strong letter, else LTR. */
type Direction = 'ltr' | 'rtl' | 'auto';

/** A stretch of one face and one embedding level; `text` in logical order, mirrored where RTL. */
interface Run {
  readonly text: string;
  readonly face: Face;
  readonly level: number;
  /** A zero-width character (a Persian ZWNJ) that ends the runs around it: nothing to see, but text. */
  readonly invisible: boolean;
}

function faceFor(char: string, level: number, pair: FacePair): Face {
  const code = char.codePointAt(0) ?? 0;
  if (ARABIC_SCRIPT.test(char)) return pair.arabic;
  // Spaces and punctuation inside Arabic text stay in the Arabic run, so it is shaped as a whole.
  if (level % 2 === 1 && !LETTER.test(char) && pair.arabic.kit.hasGlyphForCodePoint(code)) return pair.arabic;
  if (pair.latin.kit.hasGlyphForCodePoint(code)) return pair.latin;
  return pair.arabic.kit.hasGlyphForCodePoint(code) ? pair.arabic : pair.latin;
}

/** Splits one line into runs in logical order (Unicode bidi algorithm levels from bidi-js). */
function logicalRuns(line: string, direction: Direction, pair: FacePair): Run[] {
  const { levels } = bidi.getEmbeddingLevels(line, direction);
  const mirrored = bidi.getMirroredCharactersMap(line, levels);
  const runs: { text: string; face: Face; level: number; invisible: boolean }[] = [];
  let current: (typeof runs)[number] | undefined;
  let index = 0;
  for (const char of line) {
    const level = levels[index] ?? 0;
    const shown = mirrored.get(index) ?? char;
    index += char.length;
    const face = faceFor(char, level, pair);
    const invisible = IGNORABLE.test(char);
    if (current && !invisible && current.face === face && current.level === level) {
      current.text += shown;
    } else {
      current = { text: shown, face, level, invisible };
      runs.push(current);
    }
    if (invisible) current = undefined;
  }
  return runs;
}

/** Rule L2 of the bidi algorithm applied to whole runs: reverses every stretch at or above each odd level. */
function visualOrder<T extends { readonly level: number }>(runs: readonly T[]): T[] {
  const ordered = [...runs];
  const levels = ordered.map((run) => run.level);
  const highest = Math.max(0, ...levels);
  const lowestOdd = Math.min(...levels.filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    let start = 0;
    while (start < ordered.length) {
      if ((ordered[start]?.level ?? 0) < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < ordered.length && (ordered[end]?.level ?? 0) >= level) end++;
      ordered.splice(start, end - start, ...ordered.slice(start, end).reverse());
      start = end;
    }
  }
  return ordered;
}

/** A run shaped by fontkit: glyphs in fontkit's order, and whether to show them the other way round. */
interface ShapedRun {
  readonly face: Face;
  readonly text: string;
  readonly level: number;
  readonly invisible: boolean;
  readonly glyphs: GlyphRun;
  readonly reverse: boolean;
  /** In text space units (font units), GPOS advances included. */
  readonly advance: number;
}

/**
 * fontkit lays out text right to left whenever its script is, e.g. Persian digits, even where the
 * bidi algorithm put them at a left-to-right level; and never reverses neutral characters at a
 * right-to-left level. Where the two disagree the run holds no joining letters, so flipping the
 * finished glyphs is safe.
 */
function shape(run: Run): ShapedRun {
  const glyphs = run.face.kit.layout(run.text);
  const reverse = (glyphs.direction === 'rtl') !== (run.level % 2 === 1);
  const advance = glyphs.positions.reduce((sum, position) => sum + position.xAdvance, 0);
  return { face: run.face, text: run.text, level: run.level, invisible: run.invisible, glyphs, reverse, advance };
}

interface Style {
  readonly size: number;
  readonly bold: boolean;
  readonly color: Color;
}

/** One laid-out line: its runs in visual order, ready to draw left to right. */
interface Line {
  readonly runs: readonly ShapedRun[];
  readonly width: number;
  readonly size: number;
}

function layoutLine(text: string, direction: Direction, faces: Faces, style: Style): Line {
  const pair = style.bold ? faces.bold : faces.regular;
  const runs = visualOrder(logicalRuns(text, direction, pair)).map(shape);
  const width = runs.reduce((sum, run) => sum + (run.advance * style.size) / run.face.kit.unitsPerEm, 0);
  return { runs, width, size: style.size };
}

/** One glyph to show: its CID and where it goes; `next` is where PDF's own advance would leave the pen. */
interface PlacedGlyph {
  readonly cid: number;
  readonly x: number;
  readonly y: number;
  readonly next: number;
}

/** The logical text a glyph stands for: the characters it shows, brackets mirrored back in RTL runs. */
function textOf(glyph: Glyph, rtl: boolean): string {
  const text = String.fromCodePoint(...glyph.codePoints);
  return rtl ? [...text].map((char) => bidi.getMirroredCharacter(char) ?? char).join('') : text;
}

/** Places the run's glyphs from `x` on, GPOS offsets applied; returns them and where the pen ends. */
function placeRun(run: ShapedRun, x: number, baseline: number, size: number): { glyphs: PlacedGlyph[]; end: number } {
  const { glyphs, positions } = run.glyphs;
  const order = [...glyphs.keys()];
  if (run.reverse) order.reverse();
  const scale = size / run.face.kit.unitsPerEm;
  const placed: PlacedGlyph[] = [];
  let pen = x;
  for (const i of order) {
    const glyph = glyphs[i];
    const position = positions[i];
    if (!glyph || !position) continue;
    // fontkit shows an invisible character as a blank glyph that does not advance.
    const cid = run.invisible ? cidFor(run.face, glyph, run.text, 0) : cidFor(run.face, glyph, textOf(glyph, run.level % 2 === 1));
    const gx = pen + position.xOffset * scale;
    placed.push({ cid: cid.cid, x: gx, y: baseline + position.yOffset * scale, next: gx + (cid.width * size) / 1000 });
    pen += position.xAdvance * scale;
  }
  return { glyphs: placed, end: pen };
}

/** Glyphs that follow on where the previous one's PDF advance ends share one text-showing operator. */
function chunks(glyphs: readonly PlacedGlyph[]): { x: number; y: number; cids: string }[] {
  const result: { x: number; y: number; cids: string }[] = [];
  let previous: PlacedGlyph | undefined;
  for (const glyph of glyphs) {
    const last = result[result.length - 1];
    if (last && previous && Math.abs(glyph.x - previous.next) < 0.01 && glyph.y === previous.y) last.cids += hex4(glyph.cid);
    else result.push({ x: glyph.x, y: glyph.y, cids: hex4(glyph.cid) });
    previous = glyph;
  }
  return result;
}

// ——————————————————————————————————————————— wrapping ———————————————————————————————————————————

/** Breaks a word wider than a whole line (a long URL) wherever it must. */
function splitLongWord(word: string, fits: (text: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && !fits(piece + char)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return piece === '' ? pieces : [...pieces, piece];
}

/** Greedy wrapping at spaces, in logical order; each line is reordered for display on its own. */
function wrap(text: string, fits: (text: string) => boolean): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      const pieces = fits(word) ? [word] : splitLongWord(word, fits);
      line = pieces.pop() ?? '';
      lines.push(...pieces);
    }
    lines.push(line);
  }
  return lines;
}

// ——————————————————————————————————————————— the page ———————————————————————————————————————————

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const LINE_HEIGHT = 1.4;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.33, 0.35, 0.39);
const ACCENT = rgb(0.0, 0.27, 0.55);
const RULE = rgb(0.78, 0.8, 0.83);

/** Where the pen is: `y` is the top of the next line, in points from the bottom of the page. */
interface Canvas {
  readonly doc: PDFDocument;
  readonly faces: Faces;
  /** The reader's direction: RTL pages start at the right. Changed per section (not readonly as in the original). */
  rtl: boolean;
  page: PDFPage;
  y: number;
  /** The current page's resource names of the fonts. */
  fontKeys: Map<Face, PDFName>;
}

/** A column measured from the start side of the content area (the right on RTL pages). */
interface Column {
  readonly start: number;
  readonly width: number;
}

interface TextOptions {
  readonly style: Style;
  readonly column: Column;
  readonly align?: 'start' | 'center';
  /**
   * Base direction of the text itself, by default the reader's. URLs and codes are LTR on every
   * page; names and addresses take the direction of their first letter ('auto'), as HTML's dir=auto.
   */
  readonly direction?: Direction;
  /** Makes every line a link to this URL. */
  readonly link?: string;
}

function columnEdges(canvas: Canvas, column: Column): { left: number; right: number } {
  const left = canvas.rtl ? A4[0] - MARGIN - column.start - column.width : MARGIN + column.start;
  return { left, right: left + column.width };
}

function newPage(canvas: Canvas): void {
  canvas.page = canvas.doc.addPage(A4);
  canvas.fontKeys = new Map();
  canvas.y = A4[1] - MARGIN;
}

/** Starts a new page when `height` more points would run into the bottom margin. */
function reserve(canvas: Canvas, height: number): void {
  if (canvas.y - height < MARGIN) newPage(canvas);
}

function addLink(canvas: Canvas, url: string, rect: [number, number, number, number]): void {
  const { context } = canvas.doc;
  const annotation = context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect,
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
  });
  canvas.page.node.addAnnot(context.register(annotation));
}

/** The page's resource name of a face, made once per page (allocating the face's object on first use). */
function fontKey(canvas: Canvas, face: Face): PDFName {
  let key = canvas.fontKeys.get(face);
  if (!key) {
    face.ref ??= canvas.doc.context.nextRef();
    key = canvas.page.node.newFontDictionary(face.name, face.ref);
    canvas.fontKeys.set(face, key);
  }
  return key;
}

/** Shows a line glyph by glyph at its shaped positions (consecutive glyphs share an operator). */
function drawLine(canvas: Canvas, line: Line, x: number, baseline: number, color: Color): void {
  const operators: PDFOperator[] = [pushGraphicsState(), setFillingColor(color), beginText()];
  let pen = x;
  for (const run of line.runs) {
    operators.push(setFontAndSize(fontKey(canvas, run.face), line.size));
    const { glyphs, end } = placeRun(run, pen, baseline, line.size);
    for (const chunk of chunks(glyphs)) {
      operators.push(setTextMatrix(1, 0, 0, 1, chunk.x, chunk.y), showText(PDFHexString.of(chunk.cids)));
    }
    pen = end;
  }
  operators.push(endText(), popGraphicsState());
  canvas.page.pushOperators(...operators);
}

/**
 * Draws wrapped text at `top` (not moving the canvas' pen), aligned to the start side of the
 * reader's direction or centred; returns the height used.
 */
function drawText(canvas: Canvas, text: string, top: number, options: TextOptions): number {
  const { style, column } = options;
  const direction = options.direction ?? (canvas.rtl ? 'rtl' : 'ltr');
  const layout = (t: string) => layoutLine(t, direction, canvas.faces, style);
  const lines = wrap(text, (t) => layout(t).width <= column.width).map(layout);
  const { left, right } = columnEdges(canvas, column);
  const lineHeight = style.size * LINE_HEIGHT;
  lines.forEach((line, i) => {
    const x = options.align === 'center' ? (left + right - line.width) / 2 : canvas.rtl ? right - line.width : left;
    const baseline = top - i * lineHeight - style.size;
    drawLine(canvas, line, x, baseline, style.color);
    if (options.link) addLink(canvas, options.link, [x, baseline - style.size * 0.3, x + line.width, baseline + style.size]);
  });
  return lines.length * lineHeight;
}

/** Draws text at the pen, across the whole content width, and moves the pen below it. */
function flow(canvas: Canvas, text: string, options: Omit<TextOptions, 'column'> & { column?: Column }, gap = 4): void {
  const column = options.column ?? { start: 0, width: CONTENT_WIDTH };
  reserve(canvas, options.style.size * LINE_HEIGHT);
  canvas.y -= drawText(canvas, text, canvas.y, { ...options, column }) + gap;
}

function rule(canvas: Canvas, gap = 12): void {
  canvas.page.drawLine({
    start: { x: MARGIN, y: canvas.y - gap / 2 },
    end: { x: A4[0] - MARGIN, y: canvas.y - gap / 2 },
    thickness: 0.75,
    color: RULE,
  });
  canvas.y -= gap;
}

/** As wide as the widest label, but never more than a third of the details. */
function labelColumnWidth(canvas: Canvas, labels: readonly string[], detailsWidth: number): number {
  const direction = canvas.rtl ? 'rtl' : 'ltr';
  const widest = Math.max(...labels.map((label) => layoutLine(label, direction, canvas.faces, STYLES.label).width));
  return Math.min(Math.ceil(widest) + 2, detailsWidth / 3);
}

/** The QR code as a PNG with its 4-module quiet zone, so it scans whatever is drawn around it. */
async function qrImage(doc: PDFDocument, url: string): Promise<PDFImage> {
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return doc.embedPng(png);
}

// ═══════════════════════════════════════════ end of the copy ═══════════════════════════════════════════

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
  if (section.permitExpiresOn !== null) rows.push([labels.permitExpiresOn, section.permitExpiresOn, STYLES.value, page]);
  const labelWidth = labelColumnWidth(canvas, rows.map(([label]) => label), CONTENT_WIDTH);
  const labelColumn = { start: 0, width: labelWidth };
  const valueColumn = { start: labelWidth + 10, width: CONTENT_WIDTH - labelWidth - 10 };
  for (const [label, value, style, direction] of rows) {
    const height = Math.max(measure(canvas, label, STYLES.label, labelColumn.width), measure(canvas, value, style, valueColumn.width, direction));
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
  canvas.page.drawRectangle({ x: canvas.rtl ? A4[0] - MARGIN - 3 : MARGIN, y: bottom, width: 3, height, color: ACCENT });
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
  if (applicant) pieces.push({ text: applicant.labels.verifyAt, style: STYLES.value, rtl, link: data.verifyUrl, gap: 4 });
  // One line for both labels; the applicant's part keeps its own direction inside it (bidi).
  const codeLabel = applicant ? `${german?.labels.shortCode ?? ''}${SEPARATOR}${applicant.labels.shortCode}` : german?.labels.shortCode ?? '';
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
    const options = { style: piece.style, column: physicalColumn(canvas, left, width), direction: piece.direction, link: piece.link };
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
    texts.push(section.serviceName, section.receivedAt, section.permitExpiresOn ?? '', ...Object.values(section.labels));
  }
  return texts;
}

/** The receipt as an A4 PDF: German, then the applicant's language, then the QR code and short code to check it. */
export async function receiptPdf(data: ReceiptDocumentData): Promise<Uint8Array> {
  checkData(data);
  const all = sections(data);
  const doc = await PDFDocument.create();
  describe(doc, data);
  const canvas: Canvas = { doc, faces: await subsetFaces(textsOf(data, all)), rtl: false, page: doc.addPage(A4), y: A4[1] - TOP_MARGIN, fontKeys: new Map() };
  drawHeader(canvas, data);
  all.forEach((section, i) => drawSection(canvas, data, section, i > 0));
  drawVerification(canvas, data, all, await qrImage(doc, data.verifyUrl));
  writeFaces(doc, canvas.faces);
  return doc.save();
}
