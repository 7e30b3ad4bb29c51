/**
 * Writes the faces of fonts.ts into the PDF as Type0 fonts with Identity-H encoding: each
 * character code (CID) is allocated while drawing, one per (glyph, text) pair, so that the
 * ToUnicode map can give every glyph the text it really stands for.
 */
import type { Glyph } from '@pdf-lib/fontkit';
import { type PDFDocument, PDFString } from 'pdf-lib';
import type { Cid, Face, Faces } from './fonts.js';

/** The CID showing `glyph` for `text` (the logical characters, so mirrored brackets map back). */
export function cidFor(face: Face, glyph: Glyph, text: string, advance = glyph.advanceWidth): Cid {
  const key = `${glyph.id}:${text}`;
  let entry = face.cids.get(key);
  if (!entry) {
    entry = { cid: face.cids.size + 1, gid: glyph.id, text, width: Math.round((advance * 1000) / face.kit.unitsPerEm) };
    face.cids.set(key, entry);
  }
  return entry;
}

/** A CID as the four hex digits a hex string in a content stream shows it with. */
export function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/** The ToUnicode CMap (PDF §9.10.3): each CID to its text in UTF-16BE; marks without text are left out. */
function toUnicodeCMap(cids: readonly Cid[]): string {
  const mapped = cids.filter((entry) => entry.text !== '');
  const lines = ['/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap'];
  lines.push('/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def');
  lines.push(
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  );
  for (let i = 0; i < mapped.length; i += 100) {
    const chunk = mapped.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const entry of chunk)
      lines.push(`<${hex4(entry.cid)}> <${Buffer.from(entry.text, 'utf16le').swap16().toString('hex')}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/** CID n's glyph id at bytes 2n and 2n+1; CID 0 is .notdef. */
function cidToGidMap(cids: readonly Cid[]): Uint8Array {
  const map = Buffer.alloc(2 * (cids.length + 1));
  for (const entry of cids) map.writeUInt16BE(entry.gid, 2 * entry.cid);
  return map;
}

/** Writes a drawn face as a Type0 font with a CIDFontType2 descendant (PDF §9.7). */
function writeFace(doc: PDFDocument, face: Face): void {
  if (!face.ref) return;
  const { context } = doc;
  const { kit } = face;
  const scale = 1000 / kit.unitsPerEm;
  const cids = [...face.cids.values()];
  const descriptor = context.obj({
    Type: 'FontDescriptor',
    FontName: face.name,
    Flags: 4, // symbolic: glyphs are chosen by CID, not by a standard Latin encoding
    FontBBox: [kit.bbox.minX, kit.bbox.minY, kit.bbox.maxX, kit.bbox.maxY].map((v) => Math.round(v * scale)),
    ItalicAngle: kit.italicAngle,
    Ascent: Math.round(kit.ascent * scale),
    Descent: Math.round(kit.descent * scale),
    CapHeight: Math.round((kit.capHeight || kit.ascent) * scale),
    StemV: 80,
    FontFile2: context.register(context.flateStream(face.bytes, { Length1: face.bytes.length })),
  });
  const cidFont = context.obj({
    Type: 'Font',
    Subtype: 'CIDFontType2',
    BaseFont: face.name,
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
    FontDescriptor: context.register(descriptor),
    W: [1, cids.map((entry) => entry.width)],
    CIDToGIDMap: context.register(context.flateStream(cidToGidMap(cids))),
  });
  const font = context.obj({
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: face.name,
    Encoding: 'Identity-H',
    DescendantFonts: [context.register(cidFont)],
    ToUnicode: context.register(context.flateStream(toUnicodeCMap(cids))),
  });
  context.assign(face.ref, font);
}

/** Writes every face that was drawn; call once, after the last text is drawn (the CIDs are complete only then). */
export function writeFaces(doc: PDFDocument, faces: Faces): void {
  const all = new Set([faces.regular.latin, faces.regular.arabic, faces.bold.latin, faces.bold.arabic]);
  for (const face of all) writeFace(doc, face);
}
