/**
 * Classes of hostile input, each sent to every route at least once (test/hostile-input.test.ts).
 * Every text carries a marker `<hostile-…>`: a page that contains it unescaped reflected markup.
 */

export type BodyShape =
  /** Every field set to the class's text (forms: urlencoded or multipart, as the route's form is). */
  | 'fields'
  /** Every field repeated (arrays where a string is expected). */
  | 'arrays'
  /** JSON with objects, numbers, booleans and null where strings are expected. */
  | 'json-types'
  /** Only the CSRF token: every other field missing. */
  | 'missing'
  /** Prototype keys in form and JSON bodies (`__proto__[x]`, `constructor[prototype][x]`). */
  | 'prototype'
  /** A urlencoded body whose percent-encoding is not UTF-8 (written raw, not through URLSearchParams). */
  | 'raw-invalid-utf8'
  /** A body larger than the 64 KiB limit. */
  | 'oversized'
  /** A body of a type no route reads (text/xml), and multipart where a plain form is expected (and vice versa). */
  | 'wrong-type';

export interface HostileClass {
  readonly name: string;
  /** The text put in fields and query parameters. */
  readonly text: string;
  /** The path segment that replaces a parameter, already percent-encoded (some are invalid on purpose). */
  readonly segment: string;
  readonly body: BodyShape;
}

const mark = (name: string): string => `<hostile-${name}>"'`;

export const HOSTILE_CLASSES: readonly HostileClass[] = [
  {
    name: 'markup',
    text: `<script>alert(1)</script><img src=x onerror=alert(1)>${mark('markup')}`,
    segment: encodeURIComponent(`<script>alert(1)</script>${mark('markup')}`),
    body: 'fields',
  },
  {
    name: 'sql',
    text: `' OR 1=1; DROP TABLE cases; -- ${mark('sql')}`,
    segment: encodeURIComponent(`' OR '1'='1`),
    body: 'fields',
  },
  {
    name: 'huge',
    text: `${'ẞ'.repeat(6000)}${mark('huge')}`,
    segment: 'x'.repeat(199),
    body: 'fields',
  },
  {
    name: 'overlong-segment',
    text: 'x'.repeat(3000),
    segment: 'y'.repeat(300),
    body: 'oversized',
  },
  {
    name: 'control',
    text: `a\u0001\u0007\u001b[31m\r\n\t\u007f\u0085\u2028b${mark('control')}`,
    segment: encodeURIComponent('a\u0001\u001b[31m\r\nb'),
    body: 'fields',
  },
  { name: 'nul', text: `a\u0000b${mark('nul')}`, segment: 'a%00b', body: 'fields' },
  {
    name: 'invalid-encoding',
    text: `\uD800\uDFFF\uFFFE${mark('encoding')}`,
    segment: '%C3%28%FF%FE%',
    body: 'raw-invalid-utf8',
  },
  { name: 'arrays', text: `one${mark('arrays')}`, segment: '%5B%5D', body: 'arrays' },
  { name: 'json-types', text: '1e309', segment: '-1', body: 'json-types' },
  { name: 'missing', text: '', segment: '%20', body: 'missing' },
  { name: 'prototype', text: `__proto__${mark('proto')}`, segment: '__proto__', body: 'prototype' },
  { name: 'constructor', text: 'constructor', segment: 'constructor', body: 'prototype' },
  {
    name: 'bidi',
    text: `\u202Eevil\u202C\u2066x\u2069\u200F\u061C${mark('bidi')}`,
    segment: encodeURIComponent('\u202Efdp.exe\u202C'),
    body: 'fields',
  },
  {
    name: 'numbers',
    text: '99999999999999999999999999999999999999',
    segment: '99999999999999999999999999999999999999',
    body: 'fields',
  },
  { name: 'dates', text: '2026-02-30', segment: '0000-00-00', body: 'fields' },
  {
    name: 'scripts',
    text: `ثبت نام İıŞğ Продление 👩‍👩‍👧 Z̷̢a̶l̵g̴o̷ ${mark('scripts')}`,
    segment: encodeURIComponent('ثبت-İı-👩‍👩‍👧'),
    body: 'fields',
  },
  {
    name: 'traversal-template',
    text: `../../etc/passwd {{7*7}} \${7*7} %s%n%x ${mark('template')}`,
    segment: '..%2F..%2Fetc%2Fpasswd',
    body: 'fields',
  },
  { name: 'wrong-type', text: `<x>${mark('type')}</x>`, segment: '.', body: 'wrong-type' },
];

/** Hostile files for every file field of an upload form: names, claimed types, empty and oversized parts. */
export interface HostileFile {
  readonly name: string;
  readonly fileName: string;
  readonly type: string;
  readonly bytes: () => Uint8Array;
}

const PDF_HEAD = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<<>>\nendobj\n');

export const HOSTILE_FILES: readonly HostileFile[] = [
  {
    name: 'markup-name',
    fileName: `<img src=x onerror=alert(1)>${mark('file')}.pdf`,
    type: 'application/pdf',
    bytes: () => PDF_HEAD,
  },
  { name: 'traversal-name', fileName: '../../../etc/passwd', type: 'application/pdf', bytes: () => PDF_HEAD },
  { name: 'bidi-name', fileName: 'rechnung\u202Efdp.exe', type: 'application/pdf', bytes: () => PDF_HEAD },
  { name: 'long-name', fileName: `${'n'.repeat(1000)}.pdf`, type: 'application/pdf', bytes: () => PDF_HEAD },
  {
    name: 'html-as-pdf',
    fileName: 'pass.pdf',
    type: 'application/pdf',
    bytes: () => Buffer.from(`<html><script>alert(1)</script>${mark('html')}</html>`),
  },
  { name: 'pdf-as-html', fileName: 'pass.html', type: 'text/html', bytes: () => PDF_HEAD },
  { name: 'empty', fileName: 'empty.pdf', type: 'application/pdf', bytes: () => new Uint8Array(0) },
  {
    name: 'oversized',
    fileName: 'big.pdf',
    type: 'application/pdf',
    bytes: () => Buffer.concat([PDF_HEAD, Buffer.alloc(11 * 1024 * 1024, 0x20)]),
  },
  {
    name: 'csv-injection',
    fileName: 'permits.csv',
    type: 'text/csv',
    bytes: () =>
      Buffer.from(
        `first_name;last_name;birth_date;email;expires_on\n=HYPERLINK("x");<b>${mark('csv')}</b>;2026-02-30;x;\n\u0000;;;;\n`,
      ),
  },
];

export const MARKER = '<hostile-';

/**
 * Names every plain object inherits: sent as the whole value of every query parameter a route
 * knows (a lookup `NOTICES[notice]` once found a function and answered 500), and as query keys.
 */
export const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];

/** Fields that name a place to go back to, in our forms (`back`) or as an attacker would guess them. */
export const REDIRECT_FIELDS: readonly string[] = ['back', 'next', 'returnTo', 'redirect'];

/**
 * Redirect targets that must never become a Location header as sent: CR/LF (header injection;
 * Node refuses them, which answered 500), other sites, and characters a header cannot carry.
 * Each names `hostile`, which no Location header of ours may contain afterwards.
 */
export const REDIRECT_TARGETS: readonly string[] = [
  '/staff/queue?location=x\r\nX-Hostile: injected\r\nSet-Cookie: hostile=1',
  '/de/\nLocation: https://hostile.example/',
  'https://hostile.example/staff/queue?',
  '//hostile.example/staff/queue?\\\\hostile.example',
  '/staff/queue?ẞ',
];

/** Content types that announce multipart but give no boundary: no parser can find a part in them. */
export const MULTIPART_WITHOUT_BOUNDARY: readonly string[] = ['multipart/form-data', 'multipart/mixed; boundary="'];
