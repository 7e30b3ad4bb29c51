/**
 * The staffing need as a printable A4 PDF for the council: the same headline, table rows, steps
 * and sources as the page (staffing-report.ts), laid out with the platform's PDF engine.
 */
import { PDFDocument } from 'pdf-lib';
import type { StaffTranslator } from '../platform/i18n/staff-translator.js';
import {
  ACCENT,
  createCanvas,
  flow,
  INK,
  MUTED,
  rule,
  type Style,
  subsetFaces,
  writeFaces,
} from '../platform/pdf/index.js';
import type { StaffingFigures } from './show-staffing-need.js';
import {
  calculationSteps,
  numberFormat,
  resultLine,
  scenarioLines,
  sourceLines,
  tableHeader,
  tableRows,
} from './staffing-report.js';

const TITLE: Style = { size: 16, bold: true, color: INK };
const HEADING: Style = { size: 12, bold: true, color: ACCENT };
const BODY: Style = { size: 10, bold: false, color: INK };
const NOTE: Style = { size: 8.5, bold: false, color: MUTED };

export async function staffingPdf(
  figures: StaffingFigures,
  t: StaffTranslator,
  authorityName: string,
): Promise<Uint8Array> {
  const blocks = paperBlocks(figures, t, authorityName);
  const doc = await PDFDocument.create();
  doc.setTitle(t.t('staffing.title'), { showInWindowTitleBar: true });
  doc.setAuthor(authorityName);
  doc.setLanguage(t.locale);
  doc.setCreator('Willkommen');
  const canvas = createCanvas(doc, await subsetFaces(blocks.map((b) => b.text)), false);
  for (const block of blocks) {
    if (block.style === HEADING) rule(canvas, 10);
    flow(canvas, block.text, { style: block.style }, 4);
  }
  writeFaces(doc, canvas.faces);
  return doc.save();
}

function paperBlocks(figures: StaffingFigures, t: StaffTranslator, authorityName: string) {
  const n = numberFormat(t);
  const header = tableHeader(t, figures.scenario !== null);
  const rows = tableRows(figures.need, t, figures.scenario?.need ?? null);
  // A table of nine columns does not fit A4 portrait legibly: each row is a line of "label: value".
  const rowTexts = rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? String(cell) : `${header[i]}: ${typeof cell === 'number' ? n(cell) : '–'}`))
      .join(' · '),
  );
  return [
    { style: HEADING, text: authorityName },
    { style: TITLE, text: t.t('staffing.title') },
    { style: BODY, text: resultLine(figures.need, t) },
    ...scenarioLines(figures, t).map((text) => ({ style: BODY, text })),
    { style: HEADING, text: t.t('staffing.table.caption') },
    ...rowTexts.map((text) => ({ style: BODY, text })),
    { style: HEADING, text: t.t('staffing.steps.title') },
    ...calculationSteps(figures, t).map((text, i) => ({ style: BODY, text: `${i + 1}. ${text}` })),
    { style: HEADING, text: t.t('staffing.sources.title') },
    ...sourceLines(figures, t).map((line) => ({
      style: NOTE,
      text: line.url ? `${line.text} ${line.url}` : line.text,
    })),
  ];
}
