/**
 * An A4 page being written top to bottom: a pen (`Canvas`) that draws wrapped, shaped text in
 * columns, adds link areas and rules, and starts a new page when the bottom margin is reached.
 * Columns are measured from the start side of the reader's direction, so one layout serves
 * left-to-right and right-to-left pages alike.
 */
import {
  beginText,
  endText,
  type Color,
  type PDFDocument,
  PDFHexString,
  type PDFName,
  type PDFOperator,
  type PDFPage,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from 'pdf-lib';
import type { Face, Faces } from './fonts.js';
import { chunks, type Direction, type Line, layoutLine, placeRun, type Style } from './text-layout.js';
import { wrap } from './wrap.js';

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 56;
export const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
/** Line spacing as a multiple of the font size. */
export const LINE_HEIGHT = 1.4;

export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.33, 0.35, 0.39);
export const ACCENT = rgb(0.0, 0.27, 0.55);
const RULE = rgb(0.78, 0.8, 0.83);

/** Where the pen is: `y` is the top of the next line, in points from the bottom of the page. */
export interface Canvas {
  readonly doc: PDFDocument;
  readonly faces: Faces;
  /** The reader's direction: RTL pages start at the right. Writable: a document may switch it per section. */
  rtl: boolean;
  page: PDFPage;
  y: number;
  /** The current page's resource names of the fonts. */
  fontKeys: Map<Face, PDFName>;
}

/** A canvas on a new first page, its pen `top` points from the bottom of the page (by default at the top margin). */
export function createCanvas(doc: PDFDocument, faces: Faces, rtl: boolean, top = A4[1] - MARGIN): Canvas {
  return { doc, faces, rtl, page: doc.addPage(A4), y: top, fontKeys: new Map() };
}

/** A column measured from the start side of the content area (the right on RTL pages). */
export interface Column {
  readonly start: number;
  readonly width: number;
}

/** How drawText places a text: style, column, alignment, direction and an optional link. */
export interface TextOptions {
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

/** The column's left and right edge, in points from the left of the page. */
export function columnEdges(canvas: Canvas, column: Column): { left: number; right: number } {
  const left = canvas.rtl ? A4[0] - MARGIN - column.start - column.width : MARGIN + column.start;
  return { left, right: left + column.width };
}

function newPage(canvas: Canvas): void {
  canvas.page = canvas.doc.addPage(A4);
  canvas.fontKeys = new Map();
  canvas.y = A4[1] - MARGIN;
}

/** Starts a new page when `height` more points would run into the bottom margin. */
export function reserve(canvas: Canvas, height: number): void {
  if (canvas.y - height < MARGIN) newPage(canvas);
}

export function addLink(canvas: Canvas, url: string, rect: [number, number, number, number]): void {
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
export function drawText(canvas: Canvas, text: string, top: number, options: TextOptions): number {
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
    if (options.link)
      addLink(canvas, options.link, [x, baseline - style.size * 0.3, x + line.width, baseline + style.size]);
  });
  return lines.length * lineHeight;
}

/** Draws text at the pen, across the whole content width, and moves the pen below it. */
export function flow(
  canvas: Canvas,
  text: string,
  options: Omit<TextOptions, 'column'> & { column?: Column },
  gap = 4,
): void {
  const column = options.column ?? { start: 0, width: CONTENT_WIDTH };
  reserve(canvas, options.style.size * LINE_HEIGHT);
  canvas.y -= drawText(canvas, text, canvas.y, { ...options, column }) + gap;
}

export function rule(canvas: Canvas, gap = 12): void {
  canvas.page.drawLine({
    start: { x: MARGIN, y: canvas.y - gap / 2 },
    end: { x: A4[0] - MARGIN, y: canvas.y - gap / 2 },
    thickness: 0.75,
    color: RULE,
  });
  canvas.y -= gap;
}

/** For label/value rows: as wide as the widest label in `style`, but never more than a third of the details. */
export function labelColumnWidth(
  canvas: Canvas,
  labels: readonly string[],
  detailsWidth: number,
  style: Style,
): number {
  const direction = canvas.rtl ? 'rtl' : 'ltr';
  const widest = Math.max(...labels.map((label) => layoutLine(label, direction, canvas.faces, style).width));
  return Math.min(Math.ceil(widest) + 2, detailsWidth / 3);
}
