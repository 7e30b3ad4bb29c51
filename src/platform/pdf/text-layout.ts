/**
 * Lines of text ready to draw: split into runs by direction (bidi-js) and face, shaped by
 * fontkit with their glyph positions kept, and placed glyph by glyph.
 *
 * pdf-lib's drawText shapes through fontkit but drops the glyph positions, and Noto Sans Arabic
 * places the dots of its letters as marks positioned by GPOS: drawn by pdf-lib they would land in
 * the wrong place. So lines are shaped here with fontkit, positions kept, and drawn glyph by glyph.
 */
import type { Glyph, GlyphRun } from '@pdf-lib/fontkit';
import type { Color } from 'pdf-lib';
import { ARABIC_SCRIPT, bidi } from './bidi.js';
import { cidFor, hex4 } from './cid-font.js';
import type { Face, FacePair, Faces } from './fonts.js';

const LETTER = /\p{L}/u;
// Zero-width joiners, marks and controls: pdf-lib and fontkit would draw them as a full space.
// Each becomes a run of its own, shown as a zero-width blank glyph that keeps it in the text layer;
// the runs around it are shaped apart (which is exactly what a ZWNJ in Persian asks for).
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/** A paragraph's base direction for the bidi algorithm; 'auto': that of its first strong letter, else LTR. */
export type Direction = 'ltr' | 'rtl' | 'auto';

/** A stretch of one face and one embedding level; `text` in logical order, mirrored where RTL. */
interface Run {
  readonly text: string;
  readonly face: Face;
  readonly level: number;
  /** A zero-width character (a Persian ZWNJ) that ends the runs around it: nothing to see, but text. */
  readonly invisible: boolean;
}

function faceFor(char: string, level: number, pair: FacePair): Face {
  const code = char.codePointAt(0) ?? 0;
  if (ARABIC_SCRIPT.test(char)) return pair.arabic;
  // Spaces and punctuation inside Arabic text stay in the Arabic run, so it is shaped as a whole.
  if (level % 2 === 1 && !LETTER.test(char) && pair.arabic.kit.hasGlyphForCodePoint(code)) return pair.arabic;
  if (pair.latin.kit.hasGlyphForCodePoint(code)) return pair.latin;
  return pair.arabic.kit.hasGlyphForCodePoint(code) ? pair.arabic : pair.latin;
}

/** Splits one line into runs in logical order (Unicode bidi algorithm levels from bidi-js). */
function logicalRuns(line: string, direction: Direction, pair: FacePair): Run[] {
  const { levels } = bidi.getEmbeddingLevels(line, direction);
  const mirrored = bidi.getMirroredCharactersMap(line, levels);
  const runs: { text: string; face: Face; level: number; invisible: boolean }[] = [];
  let current: (typeof runs)[number] | undefined;
  let index = 0;
  for (const char of line) {
    const level = levels[index] ?? 0;
    const shown = mirrored.get(index) ?? char;
    index += char.length;
    const face = faceFor(char, level, pair);
    const invisible = IGNORABLE.test(char);
    if (current && !invisible && current.face === face && current.level === level) {
      current.text += shown;
    } else {
      current = { text: shown, face, level, invisible };
      runs.push(current);
    }
    if (invisible) current = undefined;
  }
  return runs;
}

/** Rule L2 of the bidi algorithm applied to whole runs: reverses every stretch at or above each odd level. */
function visualOrder<T extends { readonly level: number }>(runs: readonly T[]): T[] {
  const ordered = [...runs];
  const levels = ordered.map((run) => run.level);
  const highest = Math.max(0, ...levels);
  const lowestOdd = Math.min(...levels.filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    let start = 0;
    while (start < ordered.length) {
      if ((ordered[start]?.level ?? 0) < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < ordered.length && (ordered[end]?.level ?? 0) >= level) end++;
      ordered.splice(start, end - start, ...ordered.slice(start, end).reverse());
      start = end;
    }
  }
  return ordered;
}

/** A run shaped by fontkit: glyphs in fontkit's order, and whether to show them the other way round. */
export interface ShapedRun {
  readonly face: Face;
  readonly text: string;
  readonly level: number;
  readonly invisible: boolean;
  readonly glyphs: GlyphRun;
  readonly reverse: boolean;
  /** In text space units (font units), GPOS advances included. */
  readonly advance: number;
}

/**
 * fontkit lays out text right to left whenever its script is, e.g. Persian digits, even where the
 * bidi algorithm put them at a left-to-right level; and never reverses neutral characters at a
 * right-to-left level. Where the two disagree the run holds no joining letters, so flipping the
 * finished glyphs is safe.
 */
function shape(run: Run): ShapedRun {
  const glyphs = run.face.kit.layout(run.text);
  if (!run.invisible) for (const glyph of glyphs.glyphs) if (glyph.id === 0) throw missingGlyph(run, glyph);
  const reverse = (glyphs.direction === 'rtl') !== (run.level % 2 === 1);
  const advance = glyphs.positions.reduce((sum, position) => sum + position.xAdvance, 0);
  return { face: run.face, text: run.text, level: run.level, invisible: run.invisible, glyphs, reverse, advance };
}

/**
 * Glyph 0 is .notdef: a PDF viewer shows it as an empty box or nothing, and the text layer loses
 * the character too. It comes from a character the fonts were not cut for (a text left out of
 * subsetFaces) or one no font has; either way the document would be wrong without anyone seeing it.
 */
function missingGlyph(run: Run, glyph: Glyph): Error {
  const rtl = run.level % 2 === 1;
  // The first such character in reading order, as written (brackets mirrored back), else the glyph's own.
  const text = logical(run.text, rtl);
  const char = [...text].find((c) => !run.face.kit.hasGlyphForCodePoint(c.codePointAt(0) ?? 0)) ?? textOf(glyph, rtl);
  const code = [...char]
    .map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    .join(' ');
  const reason = [...char].every((c) => run.face.chars.has(c))
    ? 'neither Noto Sans nor Noto Sans Arabic has a glyph for it'
    : 'it is not in the texts the fonts were cut to (pass it to subsetFaces)';
  return new Error(`PDF: cannot draw "${char}" (${code}) in "${run.text}": ${reason}`);
}

/** How a text is drawn: size in points, the weight (which picks the face pair) and the colour. */
export interface Style {
  readonly size: number;
  readonly bold: boolean;
  readonly color: Color;
}

/** One laid-out line: its runs in visual order, ready to draw left to right. */
export interface Line {
  readonly runs: readonly ShapedRun[];
  readonly width: number;
  readonly size: number;
}

/**
 * One line of text (no wrapping) laid out in a base direction: runs shaped and in visual order,
 * its width in points. Throws where a character has no glyph in the faces (see missingGlyph).
 */
export function layoutLine(text: string, direction: Direction, faces: Faces, style: Style): Line {
  const pair = style.bold ? faces.bold : faces.regular;
  // Shaped in reading order, so that a missing glyph is reported for the first such character.
  const runs = visualOrder(logicalRuns(text, direction, pair).map(shape));
  const width = runs.reduce((sum, run) => sum + (run.advance * style.size) / run.face.kit.unitsPerEm, 0);
  return { runs, width, size: style.size };
}

/** One glyph to show: its CID and where it goes; `next` is where PDF's own advance would leave the pen. */
export interface PlacedGlyph {
  readonly cid: number;
  readonly x: number;
  readonly y: number;
  readonly next: number;
}

/** The logical text a glyph stands for: the characters it shows, brackets mirrored back in RTL runs. */
function textOf(glyph: Glyph, rtl: boolean): string {
  return logical(String.fromCodePoint(...glyph.codePoints), rtl);
}

/** Text of a run as written: at an RTL level the bidi algorithm mirrored its brackets, this turns them back. */
function logical(text: string, rtl: boolean): string {
  return rtl ? [...text].map((char) => bidi.getMirroredCharacter(char) ?? char).join('') : text;
}

/** Places the run's glyphs from `x` on, GPOS offsets applied; returns them and where the pen ends. */
export function placeRun(
  run: ShapedRun,
  x: number,
  baseline: number,
  size: number,
): { glyphs: PlacedGlyph[]; end: number } {
  const { glyphs, positions } = run.glyphs;
  const order = [...glyphs.keys()];
  if (run.reverse) order.reverse();
  const scale = size / run.face.kit.unitsPerEm;
  const placed: PlacedGlyph[] = [];
  let pen = x;
  for (const i of order) {
    const glyph = glyphs[i];
    const position = positions[i];
    if (!glyph || !position) continue;
    // fontkit shows an invisible character as a blank glyph that does not advance.
    const cid = run.invisible
      ? cidFor(run.face, glyph, run.text, 0)
      : cidFor(run.face, glyph, textOf(glyph, run.level % 2 === 1));
    const gx = pen + position.xOffset * scale;
    placed.push({ cid: cid.cid, x: gx, y: baseline + position.yOffset * scale, next: gx + (cid.width * size) / 1000 });
    pen += position.xAdvance * scale;
  }
  return { glyphs: placed, end: pen };
}

/** Glyphs that follow on where the previous one's PDF advance ends share one text-showing operator. */
export function chunks(glyphs: readonly PlacedGlyph[]): { x: number; y: number; cids: string }[] {
  const result: { x: number; y: number; cids: string }[] = [];
  let previous: PlacedGlyph | undefined;
  for (const glyph of glyphs) {
    const last = result[result.length - 1];
    if (last && previous && Math.abs(glyph.x - previous.next) < 0.01 && glyph.y === previous.y)
      last.cids += hex4(glyph.cid);
    else result.push({ x: glyph.x, y: glyph.y, cids: hex4(glyph.cid) });
    previous = glyph;
  }
  return result;
}
