import type { PDFDocument, PDFImage } from 'pdf-lib';
import QRCode from 'qrcode';

/** The QR code as a PNG with its 4-module quiet zone, so it scans whatever is drawn around it. */
export async function qrImage(doc: PDFDocument, url: string): Promise<PDFImage> {
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return doc.embedPng(png);
}
