import { isEmailAddress } from '../platform/email-address.js';
import { isLocale, type Locale } from '../platform/i18n/locales.js';

/**
 * Reading the register of issued permits from a CSV export (RFC 4180): `;` or `,` between fields
 * (found from the header line; an Excel `sep=;` line is honoured), quoted fields with `""` and line
 * breaks inside, CRLF, LF or CR at the ends of lines, UTF-8 with or without BOM. Pure: no I/O, never
 * throws on any text. Every row of the file ends either accepted or rejected with a reason.
 */

export const MAX_ROWS = 100_000;

export const COLUMNS = [
  'first_name',
  'last_name',
  'birth_date',
  'email',
  'locale',
  'permit_type',
  'expires_on',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Without these a row says nothing we can write to; the others may be left empty. */
export const REQUIRED_COLUMNS: readonly Column[] = ['last_name', 'email', 'expires_on'];

/** Header names, lower-cased, with spaces and hyphens as `_` (so `E-Mail` and `Gültig bis` work). */
const HEADER_NAMES: Readonly<Record<string, Column>> = {
  first_name: 'first_name',
  firstname: 'first_name',
  vorname: 'first_name',
  vornamen: 'first_name',
  last_name: 'last_name',
  lastname: 'last_name',
  nachname: 'last_name',
  familienname: 'last_name',
  birth_date: 'birth_date',
  birthdate: 'birth_date',
  geburtsdatum: 'birth_date',
  email: 'email',
  e_mail: 'email',
  locale: 'locale',
  language: 'locale',
  sprache: 'locale',
  permit_type: 'permit_type',
  titel: 'permit_type',
  aufenthaltstitel: 'permit_type',
  expires_on: 'expires_on',
  gueltig_bis: 'expires_on',
  gültig_bis: 'expires_on',
};

export const REJECT_REASONS = [
  'malformed',
  'tooLong',
  'missingField',
  'badEmail',
  'badDate',
  'badLocale',
  'expired',
  'duplicate',
] as const;
/**
 * Why a row was not taken. `malformed`: the line cannot be read as a row (a quote never closed, text
 * after a closing quote, more fields than the header has).
 */
export type RejectReason = (typeof REJECT_REASONS)[number];

const MAX_LENGTH: Readonly<Partial<Record<Column, number>>> = {
  first_name: 100,
  last_name: 100,
  email: 254,
  permit_type: 100,
};

/** A holder's permit as the register states it, checked. Dates are `YYYY-MM-DD`. */
export interface PermitRow {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string | null;
  readonly email: string;
  readonly locale: Locale;
  readonly permitType: string;
  readonly expiresOn: string;
}

/** One row of the file (`line`: where it starts in the file; the header is line 1). */
export type RowOutcome =
  | { readonly line: number; readonly ok: true; readonly row: PermitRow }
  | { readonly line: number; readonly ok: false; readonly reason: RejectReason; readonly field?: Column };

/** Why a whole file is refused before any row is looked at. */
export type FileProblem = 'encoding' | 'empty' | 'missingColumns' | 'duplicateColumn' | 'tooManyRows';

export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
  readonly malformed: boolean;
}

export interface PermitTable {
  readonly delimiter: ';' | ',';
  /** Index of each known column in a row; unknown columns are ignored. */
  readonly columns: Readonly<Partial<Record<Column, number>>>;
  readonly width: number;
  readonly records: readonly CsvRecord[];
}

export type TableResult =
  | { readonly ok: true; readonly table: PermitTable }
  | { readonly ok: false; readonly problem: FileProblem; readonly columns: readonly Column[] };

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The uploaded bytes as text: UTF-8 only (a BOM is dropped). Null for anything else, or for binary data (NUL). */
export function decodeCsv(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.includes('\u0000') ? null : text;
}

/** Line breaks in a stretch of text (CRLF counts once, a lone CR or LF once). */
function breaksIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count += 1;
  }
  return count;
}

/** Index just after the line break that ends the line containing `from` (or the end of the text). */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return text.length;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/**
 * Splits text into records. Rows whose fields are all empty (blank lines, `;;;;` from spreadsheets)
 * are left out. A row is malformed when text follows a closing quote or it has more (non-empty)
 * fields than `width`. A stray quote would otherwise swallow the lines after it: a quote never
 * closed, or a quoted line break in a row that turns out malformed, makes only the row's first line
 * a malformed record, and reading goes on with the next line. Stops after `limit` records plus one.
 */
export function csvRecords(
  text: string,
  delimiter: string,
  startLine = 1,
  limit = Number.POSITIVE_INFINITY,
  width = Number.POSITIVE_INFINITY,
): CsvRecord[] {
  const records: CsvRecord[] = [];
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = startLine;
  while (i < n && records.length <= limit) {
    const recordLine = line;
    const recordStart = i;
    const fields: string[] = [];
    let malformed = false;
    let unterminated = false;
    let multiLine = false;
    for (;;) {
      let field = '';
      let quoted = false;
      if (text.charCodeAt(i) === QUOTE) {
        i += 1;
        while (i < n) {
          const q = text.indexOf('"', i);
          if (q < 0) break;
          field += text.slice(i, q);
          const breaks = breaksIn(text, i, q);
          if (breaks > 0) multiLine = true;
          line += breaks;
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            quoted = true;
            break;
          }
        }
        if (!quoted) {
          unterminated = true;
          break;
        }
      }
      // Unquoted text (a quote inside it is kept as it is), or text after a closing quote (kept, but
      // the row is then malformed).
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || c === CR || c === LF) break;
        i += 1;
      }
      if (i > start) {
        if (quoted) malformed = true;
        field += text.slice(start, i);
      }
      fields.push(field);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i += 1;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      i = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      line += 1;
      break;
    }
    const tooWide = fields.length > width && fields.slice(width).some((f) => f.trim() !== '');
    if (unterminated || (multiLine && (malformed || tooWide))) {
      records.push({ line: recordLine, fields: [], malformed: true });
      i = nextLineStart(text, recordStart);
      line = recordLine + 1;
      continue;
    }
    if (!malformed && !tooWide && isBlank(fields)) continue;
    records.push({ line: recordLine, fields, malformed: malformed || tooWide });
  }
  return records;
}

function headerName(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** `;` or `,`: whichever the header line holds more of outside quotes (`,` on a tie). */
function delimiterOf(headerLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';') semicolons += 1;
    else if (!quoted && c === ',') commas += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** Finds the header (the first line), the delimiter and the columns, and splits the rest into records. */
export function readPermitTable(input: string): TableResult {
  let text = input.replace(/^\uFEFF/, '');
  let line = 1;
  let forced: ';' | ',' | null = null;
  const sep = /^sep=([;,])[ \t]*(\r\n|\n|\r|$)/i.exec(text);
  if (sep) {
    forced = sep[1] as ';' | ',';
    text = text.slice(sep[0].length);
    line = 2;
  }
  // Leading blank lines are skipped; the first line with text is the header.
  const lead = /^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(text)![0];
  line += breaksIn(lead, 0, lead.length);
  text = text.slice(lead.length);
  if (text.trim() === '') return { ok: false, problem: 'empty', columns: [] };
  const headerEnd = nextLineStart(text, 0);
  const delimiter = forced ?? delimiterOf(text.slice(0, headerEnd));
  const [header] = csvRecords(text.slice(0, headerEnd), delimiter, line, 0);
  if (!header || header.malformed) return { ok: false, problem: 'missingColumns', columns: [...REQUIRED_COLUMNS] };
  const columns: Partial<Record<Column, number>> = {};
  for (const [index, raw] of header.fields.entries()) {
    const column = HEADER_NAMES[headerName(raw)];
    if (!column) continue;
    if (columns[column] !== undefined) return { ok: false, problem: 'duplicateColumn', columns: [column] };
    columns[column] = index;
  }
  const missing = REQUIRED_COLUMNS.filter((c) => columns[c] === undefined);
  if (missing.length > 0) return { ok: false, problem: 'missingColumns', columns: missing };
  const records = csvRecords(text.slice(headerEnd), delimiter, line + 1, MAX_ROWS, header.fields.length);
  if (records.length > MAX_ROWS) return { ok: false, problem: 'tooManyRows', columns: [] };
  return { ok: true, table: { delimiter, columns, width: header.fields.length, records } };
}

/** `YYYY-MM-DD` or `DD.MM.YYYY` (also `D.M.YYYY`), a real calendar day between 1900 and 2199; else null. */
export function parseDay(raw: string): string | null {
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The key under which one holder's permit appears once (as the database's unique index sees it, or stricter). */
export function permitKey(row: PermitRow): string {
  return [
    row.email.toLowerCase(),
    row.expiresOn,
    row.lastName.toLowerCase(),
    row.firstName.toLowerCase(),
    row.birthDate ?? '',
  ].join('\u0001');
}

function checkRecord(record: CsvRecord, table: PermitTable, today: string): RowOutcome {
  const line = record.line;
  if (record.malformed || record.fields.slice(table.width).some((f) => f.trim() !== ''))
    return { line, ok: false, reason: 'malformed' };
  const value = (column: Column) => {
    const index = table.columns[column];
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  for (const column of COLUMNS) {
    if (value(column).length > (MAX_LENGTH[column] ?? Infinity))
      return { line, ok: false, reason: 'tooLong', field: column };
  }
  for (const column of REQUIRED_COLUMNS) {
    if (value(column) === '') return { line, ok: false, reason: 'missingField', field: column };
  }
  const email = value('email');
  if (!isEmailAddress(email)) return { line, ok: false, reason: 'badEmail', field: 'email' };
  const expiresOn = parseDay(value('expires_on'));
  if (!expiresOn) return { line, ok: false, reason: 'badDate', field: 'expires_on' };
  const birthText = value('birth_date');
  const birthDate = birthText === '' ? null : parseDay(birthText);
  if (birthText !== '' && (!birthDate || birthDate > today))
    return { line, ok: false, reason: 'badDate', field: 'birth_date' };
  const locale = value('locale').toLowerCase() || 'de';
  if (!isLocale(locale)) return { line, ok: false, reason: 'badLocale', field: 'locale' };
  if (expiresOn < today) return { line, ok: false, reason: 'expired', field: 'expires_on' };
  return {
    line,
    ok: true,
    row: {
      firstName: value('first_name'),
      lastName: value('last_name'),
      birthDate,
      email,
      locale,
      permitType: value('permit_type'),
      expiresOn,
    },
  };
}

/**
 * Checks every row: the first problem found is its reason. A holder's permit that appears again
 * (same address, expiry, names and birth date) is rejected as `duplicate` after its first line.
 * `today` (`YYYY-MM-DD`, the office's day) decides what has expired.
 */
export function checkPermitRows(table: PermitTable, today: string): RowOutcome[] {
  const seen = new Set<string>();
  return table.records.map((record) => {
    const outcome = checkRecord(record, table, today);
    if (!outcome.ok) return outcome;
    const key = permitKey(outcome.row);
    if (seen.has(key)) return { line: outcome.line, ok: false, reason: 'duplicate' };
    seen.add(key);
    return outcome;
  });
}

/** Header and rows in one step: the file's problem, or each row's outcome. */
export function parsePermitCsv(
  text: string,
  today: string,
): { ok: true; outcomes: RowOutcome[] } | { ok: false; problem: FileProblem; columns: readonly Column[] } {
  const read = readPermitTable(text);
  return read.ok ? { ok: true, outcomes: checkPermitRows(read.table, today) } : read;
}
