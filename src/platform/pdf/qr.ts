import type { PDFDocument, PDFImage } from 'pdf-lib';
import QRCode from 'qrcode';

// Level M survives a crease or a smudge on paper and keeps the symbol small enough for a phone's
// or a kiosk's camera at arm's length.
const ERROR_CORRECTION = 'M';

/** The QR code as a PNG with its 4-module quiet zone, so it scans whatever is drawn around it. */
export async function qrImage(doc: PDFDocument, url: string): Promise<PDFImage> {
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: 4, scale: 8 });
  return doc.embedPng(png);
}

/** The same symbol as its modules (without quiet zone), for drawing it elsewhere: `dark(row, column)`. */
export function qrModules(text: string): { size: number; dark(row: number, column: number): boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}
