/** Breaking text into lines that fit: greedy, at spaces, in logical order (the bidi reordering is per line). */

/** Breaks a word wider than a whole line (a long URL) wherever it must. */
function splitLongWord(word: string, fits: (text: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && !fits(piece + char)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return piece === '' ? pieces : [...pieces, piece];
}

/**
 * Greedy wrapping at spaces, in logical order; each line is reordered for display on its own.
 * `fits` measures a candidate line (usually layoutLine's width against the column's).
 */
export function wrap(text: string, fits: (text: string) => boolean): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      const pieces = fits(word) ? [word] : splitLongWord(word, fits);
      line = pieces.pop() ?? '';
      lines.push(...pieces);
    }
    lines.push(line);
  }
  return lines;
}
