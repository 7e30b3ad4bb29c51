/**
 * The fonts of a generated PDF, cut down to the characters of one document.
 *
 * Noto Sans (from KERN's package) covers Latin with Turkish letters and Cyrillic; Noto Sans Arabic
 * (from @fontsource, OFL) covers Arabic and Persian. Each text run is drawn in the face that has
 * its letters. Fonts are cut down to the document's characters by harfbuzz (subset-font), which
 * keeps the shaping tables, and embedded by cid-font.ts rather than pdf-lib's embedFont, because:
 * - pdf-lib's subsetting (fontkit's) breaks Noto Sans Arabic: its glyph records have odd lengths,
 *   which the short loca table of a small subset cannot address;
 * - pdf-lib's ToUnicode map covers a glyph once, but Noto Sans Arabic draws ب ت ث ن ي with one
 *   dotless glyph plus dot marks, so a glyph alone cannot say which letter it shows. Here each
 *   (glyph, text) pair gets a CID of its own, mapped to its glyph and to its text, so copying
 *   and searching the PDF give the real words.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import type { Glyph, Font as KitFont } from '@pdf-lib/fontkit';
import type { PDFRef } from 'pdf-lib';
import { ARABIC_SCRIPT, bidi } from './bidi.js';
import { woffToSfnt } from './woff.js';

const FONT_FILES = {
  latin: '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Regular.woff',
  latinBold: '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Bold.woff',
  arabic: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff',
  arabicBold: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff',
} as const;

type FontName = keyof typeof FONT_FILES;
type SourceFont = { readonly bytes: Buffer; readonly kit: KitFont };

// Read, unpacked and parsed once per process (about 1.3 MB); the parsed font says which characters it has.
let sources: Promise<Record<FontName, SourceFont>> | undefined;

function loadSources(): Promise<Record<FontName, SourceFont>> {
  sources ??= (async () => {
    const entries = await Promise.all(
      Object.entries(FONT_FILES).map(async ([name, specifier]) => {
        const bytes = woffToSfnt(await readFile(fileURLToPath(import.meta.resolve(specifier))));
        return [name, { bytes, kit: fontkit.create(bytes) }] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<FontName, SourceFont>;
  })();
  sources.catch(() => (sources = undefined)); // a failed read is retried by the next call
  return sources;
}

/** One character code of an embedded font: the glyph it shows and the text it stands for. */
export interface Cid {
  readonly cid: number;
  readonly gid: number;
  readonly text: string;
  /** Advance in thousandths of the font size, rounded, as the PDF states it. */
  readonly width: number;
}

/** A font subset for one document: parsed for shaping, written into the PDF once drawing is done. */
export interface Face {
  readonly bytes: Uint8Array;
  readonly kit: KitFont;
  /** BaseFont: a subset tag and the PostScript name. */
  readonly name: string;
  /** Every character the subset was cut for, whether the font had it or not: for naming what is missing. */
  readonly chars: ReadonlySet<string>;
  /** By `${gid}:${text}`, in CID order. */
  readonly cids: Map<string, Cid>;
  /** Allocated when the face is first drawn; unused faces are not written at all. */
  ref?: PDFRef;
}

/** The Latin/Cyrillic and the Arabic face of one weight (the same face when the text has no Arabic). */
export interface FacePair {
  readonly latin: Face;
  readonly arabic: Face;
}

export interface Faces {
  readonly regular: FacePair;
  readonly bold: FacePair;
}

/** Every character the document may draw, the mirrored forms of brackets included. */
function charactersOf(texts: readonly string[]): Set<string> {
  const chars = new Set<string>();
  // A space always: fontkit shows invisible characters (a Persian ZWNJ) with the space's glyph.
  for (const char of [' ', ...texts].join('')) {
    chars.add(char);
    const mirrored = bidi.getMirroredCharacter(char);
    if (mirrored) chars.add(mirrored);
  }
  return chars;
}

/** Six capitals from the subset's bytes: PDF marks a subset font by such a tag before its name. */
function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  return [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/**
 * fontkit keeps one Glyph object per glyph id, holding the characters of its first use: where
 * letters share a glyph (the dotless form of ب ت ث ن ي), later uses would report the first
 * letter. Here each lookup gets an object of its own, inheriting everything else from the cached one.
 */
function withOwnCodePoints(kit: KitFont): KitFont {
  const cached = kit.getGlyph.bind(kit);
  kit.getGlyph = (id: number, codePoints: number[] = []) =>
    Object.assign(Object.create(cached(id)) as Glyph, { codePoints });
  return kit;
}

/**
 * `closure`: keep the glyphs that shaping substitutes for the characters. Arabic needs them (its
 * joining forms have no characters of their own); for Latin and Cyrillic they are small caps and
 * alternates never used here, and leaving them out halves the font.
 */
async function subsetFace(source: SourceFont, chars: ReadonlySet<string>, closure: boolean): Promise<Face> {
  // Loaded on first use: its WebAssembly stays resident afterwards, so not for processes that never need it.
  const { default: subsetFont } = await import('subset-font');
  const covered = [...chars].filter((char) => source.kit.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)).join('');
  const options = { targetFormat: 'truetype', noLayoutClosure: !closure } as const;
  const bytes = new Uint8Array(await subsetFont(source.bytes, covered, options));
  const name = `${subsetTag(bytes)}+${source.kit.postscriptName ?? 'Font'}`;
  return { bytes, kit: withOwnCodePoints(fontkit.create(bytes)), name, chars, cids: new Map() };
}

/**
 * The faces for one document, cut to the characters of `texts`: every text it may draw. A
 * character drawn later that none of them holds has no glyph, and drawing it throws.
 */
export async function subsetFaces(texts: readonly string[]): Promise<Faces> {
  const fonts = await loadSources();
  const chars = charactersOf(texts);
  const needsArabic = [...chars].some((char) => ARABIC_SCRIPT.test(char));
  const pair = async (latinName: FontName, arabicName: FontName): Promise<FacePair> => {
    const latin = await subsetFace(fonts[latinName], chars, false);
    return { latin, arabic: needsArabic ? await subsetFace(fonts[arabicName], chars, true) : latin };
  };
  return { regular: await pair('latin', 'arabic'), bold: await pair('latinBold', 'arabicBold') };
}
