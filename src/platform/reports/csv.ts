/**
 * CSV exports of report tables, readable by the spreadsheet the office has. German staff get what
 * German Excel opens by double click: `;` between cells and a decimal comma; English staff get `,`
 * and a decimal point. Always UTF-8 with a byte-order mark (without it Excel reads Latin-1 and
 * breaks "Ausländerbehörde"), CRLF line ends (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

export type CsvCell = string | number | null | undefined;
export type CsvLocale = 'de' | 'en';

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], locale: CsvLocale): string {
  const delimiter = locale === 'de' ? ';' : ',';
  const records = [header, ...rows].map((cells) => cells.map((cell) => csvCell(cell, locale)));
  return stringify(records, { bom: true, delimiter, record_delimiter: 'windows' });
}

/** One cell as text: numbers in the locale's notation, text defused as a formula (quoting is the library's). */
function csvCell(cell: CsvCell, locale: CsvLocale): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return formatNumber(cell, locale);
  // A cell starting with = + - @ (or a tab/CR) is run as a formula by spreadsheets: free texts typed
  // by the public must never become one (OWASP "CSV injection"), so they get a leading apostrophe.
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** No thousands separators (spreadsheets would read "1.234" as 1,234 in German); at most 2 decimals. */
function formatNumber(value: number, locale: CsvLocale): string {
  if (!Number.isFinite(value)) return '';
  const text = String(Math.round(value * 100) / 100);
  return locale === 'de' ? text.replace('.', ',') : text;
}

/** Sends a CSV file as a download; figures are as fresh as the request, so nothing caches them. */
export function sendCsv(reply: FastifyReply, fileName: string, csv: string): FastifyReply {
  const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}
