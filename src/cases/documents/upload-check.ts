import { checkPdfInWorker } from './pdf-check.js';

/**
 * The check of an uploaded document before it is stored: a function of the bytes alone. The type
 * is decided by the content, never by the name or the type the browser claimed, because both are
 * chosen by the sender. Only PDF, JPEG and PNG are accepted: what caseworkers can open safely.
 * Images are read by bounded scans of their headers; PDFs are parsed in a worker with a memory
 * and time limit. Nothing is changed: an accepted file is stored as it came (see README, "Uploads").
 */

export type UploadMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export type UploadRefusal =
  | 'empty'
  | 'tooLarge'
  | 'wrongType'
  | 'damaged'
  | 'tooManyPages'
  | 'tooManyPixels'
  /** Scripts, actions that run or open something, embedded files, XFA forms, media (PDF only). */
  | 'activeContent'
  /** Encrypted or password-protected: its content cannot be checked (PDF only). */
  | 'encrypted'
  /** Also another kind of file (ZIP archive, web page) to whatever reads it as that. */
  | 'polyglot';

export interface UploadLimits {
  readonly maxBytes: number;
  readonly maxPdfPages: number;
  /** Width × height: a small compressed image can claim a size that takes gigabytes to decode. */
  readonly maxImagePixels: number;
  /** The PDF check's worker: its heap in MiB and its time per file (past either: damaged). */
  readonly pdfMemoryMb: number;
  readonly pdfTimeMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPdfPages: 50,
  maxImagePixels: 40_000_000,
  pdfMemoryMb: 256,
  pdfTimeMs: 15_000,
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

/**
 * Cheap refusals first, so the type-specific checks only ever see non-empty input of limited size.
 * Asynchronous because a PDF is parsed in a worker thread; images are read here.
 */
export async function checkUpload(
  input: { fileName: string; bytes: Uint8Array },
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<UploadCheck> {
  const { bytes } = input;
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > limits.maxBytes) return { ok: false, reason: 'tooLarge' };
  const mediaType = sniff(bytes);
  if (mediaType === null) return { ok: false, reason: 'wrongType' };
  if (isPolyglot(bytes)) return { ok: false, reason: 'polyglot' };
  const measured = await measure(mediaType, bytes, limits);
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

async function measure(
  mediaType: UploadMediaType,
  bytes: Uint8Array,
  limits: UploadLimits,
): Promise<Measured | UploadRefusal> {
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
// PDF: parsed by a real parser in a worker with a memory and time limit (pdf-check.ts,
// pdf-inspect.ts). Before that, two cheap refusals: a PDF whose end is not a PDF's end (the
// `%%EOF` marker within its last kilobyte), since bytes appended after it are how a second file
// is smuggled in, and the polyglot scan below, which applies to every type.

const END_WINDOW = 1024;

async function measurePdf(bytes: Uint8Array, limits: UploadLimits): Promise<Measured | UploadRefusal> {
  const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-END_WINDOW);
  if (!end.includes('%%EOF', 0, 'latin1')) return 'damaged';
  const verdict = await checkPdfInWorker(
    bytes,
    { maxPages: limits.maxPdfPages, maxInflatedBytes: limits.maxBytes },
    { memoryMb: limits.pdfMemoryMb, timeMs: limits.pdfTimeMs },
  );
  return verdict.ok ? { pages: verdict.pages, width: null, height: null } : verdict.reason;
}

// ---------------------------------------------------------------------------------------------
// Polyglots: a file that is also another format, to whatever reads it as that format. The type
// magic at offset 0 rules out the formats that are recognised by their start (JPEG, PNG, GIF, ZIP
// local header, executables). Two others are read from elsewhere, and are refused here for every type:
//  - ZIP (and JAR, DOCX, APK) is found from its end: an end-of-central-directory record in the
//    last 64 KiB + 22 bytes, together with a central directory entry anywhere;
//  - HTML is sniffed by browsers in the first bytes of a download they render: an HTML tag in
//    the first kilobyte.

const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_ENTRY = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
const ZIP_END_WINDOW = 0xffff + 22;
const HTML_WINDOW = 1024;
const HTML_TAG = /<(?:!doctype|html|head|body|script|iframe|svg|object|embed|img|style|link|meta|a\s)[\s>/]/i;

function isPolyglot(bytes: Uint8Array): boolean {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (all.subarray(-ZIP_END_WINDOW).includes(ZIP_END) && all.includes(ZIP_ENTRY)) return true;
  return HTML_TAG.test(all.subarray(0, HTML_WINDOW).toString('latin1'));
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
