/**
 * Printable A4 PDFs in every language the app speaks, Arabic and Persian included: fonts cut to
 * the document's characters and embedded so that copying the text gives the real words, text
 * shaped and ordered (bidi) and wrapped into columns. A document collects its texts, calls
 * subsetFaces with them, draws on a canvas and calls writeFaces before saving.
 * Used by the appointment confirmation and the application receipt.
 */
export {
  A4,
  ACCENT,
  addLink,
  type Canvas,
  type Column,
  columnEdges,
  CONTENT_WIDTH,
  createCanvas,
  drawText,
  flow,
  INK,
  labelColumnWidth,
  LINE_HEIGHT,
  MARGIN,
  MUTED,
  reserve,
  rule,
  type TextOptions,
} from './canvas.js';
export { writeFaces } from './cid-font.js';
export { type Faces, subsetFaces } from './fonts.js';
export { qrImage } from './qr.js';
export { type Direction, layoutLine, type Style } from './text-layout.js';
export { wrap } from './wrap.js';
