import { inflateSync } from 'node:zlib';

/**
 * The check of an uploaded document before it is stored: a pure function of the bytes. The type
 * is decided by the content, never by the name or the type the browser claimed, because both are
 * chosen by the sender. Only PDF, JPEG and PNG are accepted: what caseworkers can open safely.
 * Every check is a bounded scan of the bytes (linear in their length, which is limited first),
 * so a hostile file costs no more than a harmless one of the same size.
 */

export type UploadMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export type UploadRefusal = 'empty' | 'tooLarge' | 'wrongType' | 'damaged' | 'tooManyPages' | 'tooManyPixels';

export interface UploadLimits {
  readonly maxBytes: number;
  readonly maxPdfPages: number;
  /** Width × height: a small compressed image can claim a size that takes gigabytes to decode. */
  readonly maxImagePixels: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPdfPages: 50,
  maxImagePixels: 40_000_000,
});

export type UploadCheck =
  | {
      ok: true;
      mediaType: UploadMediaType;
      fileName: string;
      pages: number | null;
      width: number | null;
      height: number | null;
    }
  | { ok: false; reason: UploadRefusal };

interface Measured {
  readonly pages: number | null;
  readonly width: number | null;
  readonly height: number | null;
}

/** Cheap refusals first, so the type-specific scans only ever see non-empty input of limited size. */
export function checkUpload(
  input: { fileName: string; bytes: Uint8Array },
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): UploadCheck {
  const { bytes } = input;
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > limits.maxBytes) return { ok: false, reason: 'tooLarge' };
  const mediaType = sniff(bytes);
  if (mediaType === null) return { ok: false, reason: 'wrongType' };
  const measured = measure(mediaType, bytes, limits);
  if (typeof measured === 'string') return { ok: false, reason: measured };
  return { ok: true, mediaType, fileName: withExtension(safeFileName(input.fileName), mediaType), ...measured };
}

// ---------------------------------------------------------------------------------------------
// Type by magic bytes

const MAGIC: readonly (readonly [UploadMediaType, readonly number[]])[] = [
  // Strictly at offset 0, although readers tolerate leading junk: junk in front is how polyglot files
  // (a PDF that is also HTML or ZIP) are made, and no honest PDF writer puts any there.
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

function sniff(bytes: Uint8Array): UploadMediaType | null {
  const found = MAGIC.find(([, magic]) => magic.every((b, i) => bytes[i] === b));
  return found ? found[0] : null;
}

function measure(mediaType: UploadMediaType, bytes: Uint8Array, limits: UploadLimits): Measured | UploadRefusal {
  switch (mediaType) {
    case 'application/pdf':
      return measurePdf(bytes, limits);
    case 'image/jpeg':
      return measureJpeg(bytes, limits);
    case 'image/png':
      return measurePng(bytes, limits);
  }
}

/** A zero side means the size is unknown (JPEG with DNL) or invalid: neither can be bounded. */
function image(width: number, height: number, limits: UploadLimits): Measured | UploadRefusal {
  if (width === 0 || height === 0) return 'damaged';
  if (width * height > limits.maxImagePixels) return 'tooManyPixels';
  return { pages: null, width, height };
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32(bytes: Uint8Array, at: number): number {
  return u16(bytes, at) * 0x10000 + u16(bytes, at + 2);
}

// ---------------------------------------------------------------------------------------------
// PNG: the IHDR chunk must come first (8-byte signature, 4-byte length 13, "IHDR", data, CRC).

const IHDR = [0x49, 0x48, 0x44, 0x52];
const IHDR_END = 8 + 8 + 13 + 4;

function measurePng(bytes: Uint8Array, limits: UploadLimits): Measured | UploadRefusal {
  const isIhdr = bytes.length >= IHDR_END && u32(bytes, 8) === 13 && IHDR.every((b, i) => bytes[12 + i] === b);
  if (!isIhdr) return 'damaged';
  return image(u32(bytes, 16), u32(bytes, 20), limits);
}

// ---------------------------------------------------------------------------------------------
// JPEG: walk the marker segments after SOI to the first frame header (SOFn). Every step moves
// forward, so the walk ends within the file; entropy-coded data only follows SOS, and a frame
// header must come before SOS, so reaching SOS or EOI first means the file is damaged.

const SOS = 0xda;
const EOI = 0xd9;
const SOI = 0xd8;

function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers without a length: TEM and the restart markers. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

function measureJpeg(bytes: Uint8Array, limits: UploadLimits): Measured | UploadRefusal {
  let at = 2;
  while (at + 1 < bytes.length) {
    const marker = bytes[at + 1] ?? 0;
    if (bytes[at] !== 0xff) return 'damaged';
    if (marker === 0xff) {
      at += 1;
      continue;
    } // fill byte
    if (isStandalone(marker)) {
      at += 2;
      continue;
    }
    if (marker === SOS || marker === EOI || marker === SOI || marker === 0x00) return 'damaged';
    const length = u16(bytes, at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return 'damaged';
    if (isFrameHeader(marker)) return length < 8 ? 'damaged' : image(u16(bytes, at + 7), u16(bytes, at + 5), limits);
    at += 2 + length;
  }
  return 'damaged';
}

// ---------------------------------------------------------------------------------------------
// PDF: a page-bomb defence by byte scan, without building the document's objects. The bytes are
// read as latin1, one character per byte, so string offsets are byte offsets.
//
// Pages are counted two ways and the larger wins:
//  - page objects: every `/Type /Page` (any whitespace, not `/Pages`);
//  - the largest `/Count n` of a `/Type /Pages` node: a page tree may reuse one page object many
//    times, and page objects may sit in compressed object streams where no byte scan sees them.
// The `/Pages` nodes can sit in object streams too (pdf-lib puts everything there by default), so
// Flate object streams are inflated, with their total output limited to maxBytes: a legitimate
// object stream holds only small dictionaries, never the page content.
// Overcounting is safe (an incremental update repeats the pages it changed; a rare honest file is
// refused and can be printed to PDF again); undercounting is the risk, and a file built to hide its
// page tree can still do so from any scan short of a full parser: whatever renders uploads later
// must stop at a page limit of its own.
// Every step is linear in the file's length (searches only move forward, pieces never overlap),
// and checkUpload has limited that length before: a 10 MiB hostile file takes well under a second.

const WS = '[\\0\\t\\n\\f\\r ]';
/** What may follow a name: whitespace, a delimiter or the end. `/Page` followed by `s` is another name. */
const NAME_END = '(?=[\\0\\t\\n\\f\\r ()<>\\[\\]{}/%]|$)';
const PAGE_OBJECT = new RegExp(`/Type${WS}*/Page${NAME_END}`, 'g');
const PAGES_NODE = new RegExp(`/Type${WS}*/Pages${NAME_END}`);
const COUNT = new RegExp(`/Count${WS}+(\\d+)`, 'g');
const OBJECT_STREAM = new RegExp(`/Type${WS}*/ObjStm${NAME_END}`);
const FIRST = new RegExp(`/First${WS}+(\\d+)`);
const FILTER = new RegExp(`/Filter${WS}*(\\[[^\\]]*\\]|/[^\\0\\t\\n\\f\\r ()<>\\[\\]{}/%]*)`);
const STREAM_KEYWORD = /(?<![A-Za-z])stream(?:\r\n|\n|\r)/;
const NAME_ESCAPE = /#([0-9A-Fa-f]{2})/g;
const END_WINDOW = 1024;
const OBJECT_STREAM_COST = 1024;

interface PdfScan {
  readonly bytes: Uint8Array;
  readonly text: string;
  /** Bytes that object streams may still inflate to. */
  budget: number;
  /** The next `endstream` found so far: searches only move forward, which keeps the scan linear. */
  endstreamAt: number;
  pageObjects: number;
  largestCount: number;
}

function measurePdf(bytes: Uint8Array, limits: UploadLimits): Measured | UploadRefusal {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!text.slice(-END_WINDOW).includes('%%EOF')) return 'damaged';
  const pages = countPdfPages({
    bytes,
    text,
    budget: limits.maxBytes,
    endstreamAt: -1,
    pageObjects: 0,
    largestCount: 0,
  });
  if (typeof pages === 'string') return pages;
  if (pages === 0) return 'damaged';
  if (pages > limits.maxPdfPages) return 'tooManyPages';
  return { pages, width: null, height: null };
}

/** Every object, examined on its own so a `/Count` is read only where the same object is a `/Pages` node. */
function countPdfPages(scan: PdfScan): number | UploadRefusal {
  for (const [start, end] of objectSpans(scan.text)) {
    const refused = scanObject(scan, start, end);
    if (refused) return refused;
  }
  return Math.max(scan.pageObjects, scan.largestCount);
}

/** Cuts the file at each `obj` keyword: one piece per object, whatever its streams contain. */
function* objectSpans(text: string): Generator<readonly [number, number]> {
  let start = -1;
  for (let at = text.indexOf('obj'); at >= 0; at = text.indexOf('obj', at + 3)) {
    if (isLetter(text.charCodeAt(at - 1)) || isLetter(text.charCodeAt(at + 3))) continue; // endobj, object
    if (start >= 0) yield [start, at];
    start = at + 3;
  }
  if (start >= 0) yield [start, text.length];
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function scanObject(scan: PdfScan, start: number, end: number): UploadRefusal | null {
  const raw = scan.text.slice(start, end);
  if (!raw.includes('/')) return null; // no names, so nothing to count: keeps a file of bare `obj`s cheap
  tally(scan, raw);
  const stream = raw.includes('stream') ? STREAM_KEYWORD.exec(raw) : null;
  if (!stream) return null;
  const dictionary = decodeNames(raw.slice(0, stream.index));
  if (!OBJECT_STREAM.test(dictionary)) return null;
  return scanObjectStream(scan, dictionary, start + stream.index + stream[0].length);
}

function scanObjectStream(scan: PdfScan, dictionary: string, dataStart: number): UploadRefusal | null {
  const first = FIRST.exec(dictionary);
  const dataEnd = nextEndstream(scan, dataStart);
  if (!first || dataEnd < 0) return 'damaged';
  const content = objectStreamContent(scan, dictionary, scan.bytes.subarray(dataStart, dataEnd));
  if (typeof content === 'string') return content;
  for (const object of objectsIn(content.toString('latin1'), Number(first[1]))) tally(scan, object);
  return null;
}

function nextEndstream(scan: PdfScan, from: number): number {
  if (scan.endstreamAt < from) scan.endstreamAt = scan.text.indexOf('endstream', from);
  return scan.endstreamAt < 0 ? -1 : scan.endstreamAt;
}

/**
 * Only unfiltered and Flate object streams are read; any other filter cannot be checked, so is
 * refused. Each stream costs at least OBJECT_STREAM_COST of the budget, which bounds the number of
 * inflate calls too (each has a fixed cost, and a flood of tiny streams would add up).
 */
function objectStreamContent(scan: PdfScan, dictionary: string, data: Uint8Array): Buffer | 'damaged' | 'tooLarge' {
  const filter = objectStreamFilter(dictionary);
  if (filter === 'unsupported') return 'damaged';
  if (scan.budget < OBJECT_STREAM_COST) return 'tooLarge';
  const content =
    filter === 'none' ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : inflateWithin(data, scan.budget);
  if (typeof content === 'string') return content;
  if (content.length > scan.budget) return 'tooLarge';
  scan.budget -= Math.max(content.length, OBJECT_STREAM_COST);
  return content;
}

function objectStreamFilter(dictionary: string): 'none' | 'flate' | 'unsupported' {
  const filter = FILTER.exec(dictionary);
  const names = filter ? ((filter[1] ?? '').match(/\/[^\0\t\n\f\r ()<>[\]{}/%]*/g) ?? []) : [];
  if (names.length === 0) return 'none';
  return names.length === 1 && names[0] === '/FlateDecode' ? 'flate' : 'unsupported';
}

/** A decompression bomb is refused as too large: it is one, once inflated. */
function inflateWithin(data: Uint8Array, budget: number): Buffer | 'damaged' | 'tooLarge' {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? 'tooLarge' : 'damaged';
  }
}

/**
 * The objects of an object stream: its header lists (number, offset) pairs, offsets counted from
 * /First. Sorted and without repeats, the pieces never overlap, so a forged header cannot make
 * the scan read the same bytes twice.
 */
function objectsIn(content: string, first: number): string[] {
  const numbers = content.slice(0, first).match(/\d+/g) ?? [];
  const offsets = [...new Set(numbers.filter((_, i) => i % 2 === 1).map(Number))].sort((a, b) => a - b);
  const ends = [...offsets.slice(1).map((offset) => first + offset), content.length];
  return offsets.map((offset, i) => content.slice(first + offset, ends[i]));
}

function tally(scan: PdfScan, raw: string): void {
  const text = decodeNames(raw);
  scan.pageObjects += text.match(PAGE_OBJECT)?.length ?? 0;
  if (!PAGES_NODE.test(text)) return;
  for (const m of text.matchAll(COUNT)) scan.largestCount = Math.max(scan.largestCount, Number(m[1]));
}

/** `/P#61ge` is the name `/Page` to every reader, so it must be to this scan as well. */
function decodeNames(text: string): string {
  if (!text.includes('#')) return text;
  return text.replace(NAME_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---------------------------------------------------------------------------------------------
// File names

const MAX_NAME_LENGTH = 120;
/** An extension kept when a long name is shortened; anything longer is just part of the name. */
const MAX_EXTENSION_LENGTH = 10;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates: `\u202Efdp.exe` displays as `exe.pdf`. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters Windows refuses in names: caseworkers download the files there. */
const WINDOWS_RESERVED = /[<>:"|?*]/g;
const DRIVE = /^[A-Za-z]:/;

/**
 * A name that is safe to store, show and offer as a download: only its last path part, without
 * invisible or direction-changing characters, not hidden (no leading dot), NFC so the same name
 * always compares equal, at most 120 UTF-16 units with the extension kept.
 */
export function safeFileName(name: string): string {
  const visible = name
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(CONTROL, '')
    .replace(BIDI_CONTROL, '')
    .normalize('NFC');
  const last = visible.split(/[/\\]/).pop() ?? '';
  const cleaned = last
    .replace(DRIVE, '')
    .replace(WINDOWS_RESERVED, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  return shorten(cleaned === '' ? 'document' : cleaned);
}

function shorten(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION_LENGTH + 1 ? name.slice(dot) : '';
  return cutAt(name.slice(0, name.length - extension.length), MAX_NAME_LENGTH - extension.length) + extension;
}

/** Never splits a surrogate pair, which would leave half a character. */
function cutAt(text: string, length: number): string {
  const cut = text.slice(0, length);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const EXTENSIONS: Record<UploadMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/png': ['png'],
};

/** What looks like a file-type extension (`.pdf`, `.docx`) is replaced; `v1.2` or `.final` are kept. */
const TYPE_EXTENSION = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,4}$/;

/**
 * The name with the extension of what the file is, since content wins: `scan.pdf` that is a PNG
 * becomes `scan.png`, so the program that opens it is the right one.
 */
function withExtension(name: string, mediaType: UploadMediaType): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const allowed = EXTENSIONS[mediaType];
  if (allowed.includes(extension.toLowerCase())) return name;
  const stem = TYPE_EXTENSION.test(extension) ? name.slice(0, dot) : name;
  return shorten(`${stem}.${allowed[0]}`);
}
