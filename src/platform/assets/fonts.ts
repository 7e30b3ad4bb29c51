import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const FONT_DIR = path.resolve(import.meta.dirname, '../../../node_modules/@kern-ux/native/dist/fonts/fira-sans');

/** Character ranges cut into separate files; a browser loads a file only when a page needs it. */
const RANGES = {
  // Latin, Latin-1, Latin Extended-A (Turkish ğ ş ı İ), general punctuation, € and §.
  latin: 'U+0000-017F, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212',
  cyrillic: 'U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116',
} as const;

// KERN asks for 400, 500 and 600; two files suffice (CSS font matching shows 500 in the 400 face).
const WEIGHTS = { 400: 'FiraSans-Regular.woff2', 600: 'FiraSans-SemiBold.woff2' } as const;

function charactersOf(ranges: string): string {
  let text = '';
  for (const part of ranges.split(',')) {
    const [from, to] = part
      .trim()
      .replace(/^U\+/, '')
      .split('-')
      .map((hex) => parseInt(hex, 16));
    for (let code = from!; code <= (to ?? from)!; code++) text += String.fromCodePoint(code);
  }
  return text;
}

export interface FontFile {
  readonly name: string;
  readonly body: Buffer;
  readonly weight: number;
  readonly unicodeRange: string;
}

/**
 * Subsets KERN's Fira Sans to the scripts the portal writes in (Arabic and Persian use the
 * system's fonts: Fira Sans has no Arabic glyphs). Results are cached in `cacheDir` by content.
 */
export async function subsetFonts(cacheDir: string): Promise<FontFile[]> {
  await mkdir(cacheDir, { recursive: true });
  const files: FontFile[] = [];
  for (const [weight, file] of Object.entries(WEIGHTS)) {
    const source = await readFile(path.join(FONT_DIR, file));
    for (const [script, unicodeRange] of Object.entries(RANGES)) {
      const key = createHash('sha256').update(source).update(unicodeRange).digest('hex').slice(0, 16);
      const cached = path.join(cacheDir, `${key}.woff2`);
      let body: Buffer;
      try {
        body = await readFile(cached);
      } catch {
        // noLayoutClosure: keep kerning and ligatures, drop glyphs only reachable through alternates.
        // Loaded only on a cache miss: its WebAssembly would otherwise stay resident for nothing.
        const { default: subsetFont } = await import('subset-font');
        body = await subsetFont(source, charactersOf(unicodeRange), { targetFormat: 'woff2', noLayoutClosure: true });
        await writeFile(cached, body);
      }
      files.push({ name: `fira-sans-${weight}-${script}.woff2`, body, weight: Number(weight), unicodeRange });
    }
  }
  return files;
}
