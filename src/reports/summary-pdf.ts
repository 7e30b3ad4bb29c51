/**
 * The printable summary for the council: every figures table of this capability as an A4 PDF in
 * the staff member's language, with the period and filter, drawn by the platform's PDF engine.
 */
import { PDFDocument } from 'pdf-lib';
import {
  ACCENT,
  CONTENT_WIDTH,
  createCanvas,
  drawText,
  flow,
  INK,
  LINE_HEIGHT,
  MUTED,
  reserve,
  rule,
  type Style,
  subsetFaces,
  writeFaces,
} from '../platform/pdf/index.js';
import type { Cell, FigureTable } from './figure-tables.js';

export interface Summary {
  readonly authorityName: string;
  readonly title: string;
  /** Lines under the title: period, filters, as of. */
  readonly notes: readonly string[];
  readonly locale: 'de' | 'en';
  readonly tables: readonly FigureTable[];
}

const TITLE: Style = { size: 16, bold: true, color: INK };
const HEADING: Style = { size: 12, bold: true, color: ACCENT };
const HEAD: Style = { size: 8, bold: true, color: INK };
const CELL: Style = { size: 8, bold: false, color: INK };
const NOTE: Style = { size: 9, bold: false, color: MUTED };
const GAP = 4;

export async function summaryPdf(summary: Summary): Promise<Uint8Array> {
  const number = new Intl.NumberFormat(summary.locale, { maximumFractionDigits: 1 });
  const show = (cell: Cell) => (cell === null ? '–' : typeof cell === 'number' ? number.format(cell) : cell);
  const doc = await PDFDocument.create();
  doc.setTitle(summary.title, { showInWindowTitleBar: true });
  doc.setAuthor(summary.authorityName);
  doc.setLanguage(summary.locale);
  doc.setCreator('Willkommen');
  const texts = [
    summary.authorityName,
    summary.title,
    ...summary.notes,
    ...summary.tables.flatMap((t) => [t.title, ...t.columns, ...t.rows.flatMap((r) => r.map(show))]),
  ];
  const canvas = createCanvas(doc, await subsetFaces(texts), false);
  flow(canvas, summary.authorityName, { style: HEADING }, 4);
  flow(canvas, summary.title, { style: TITLE }, 6);
  for (const note of summary.notes) flow(canvas, note, { style: NOTE }, 2);
  for (const table of summary.tables) {
    rule(canvas, 14);
    flow(canvas, table.title, { style: HEADING }, 4);
    const width = CONTENT_WIDTH / table.columns.length;
    row(canvas, table.columns, width, HEAD);
    for (const cells of table.rows) row(canvas, cells.map(show), width, CELL);
  }
  writeFaces(doc, canvas.faces);
  return doc.save();
}

/** One table row: each cell in its column, the pen moved below the tallest. */
function row(canvas: ReturnType<typeof createCanvas>, cells: readonly string[], width: number, style: Style): void {
  reserve(canvas, style.size * LINE_HEIGHT * 2);
  const top = canvas.y;
  const heights = cells.map((text, i) =>
    drawText(canvas, text, top, { style, column: { start: i * width, width: width - 4 } }),
  );
  canvas.y = top - Math.max(...heights) - GAP / 2;
}
