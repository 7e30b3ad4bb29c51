import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { subsetFonts } from './fonts.js';
import { kernClassesIn, pruneCss } from './prune-css.js';
import { registerAssets, type Asset } from './registry.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCRIPTS = ['src/platform/assets/pow.js', 'src/queue/assets/queue-live.js', 'src/queue/assets/kiosk.js', 'src/renewals/assets/import-progress.js'];
const KERN_CSS = path.join(ROOT, 'node_modules/@kern-ux/native/dist/kern.css');

function asset(name: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return {
    name,
    href: `/assets/${path.basename(name, ext)}.${hash}${ext}`,
    type,
    body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(tsx|ts)$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Builds the stylesheet (KERN pruned to the classes the views use, fonts, the site's own CSS)
 * and registers every asset. Runs once at start, before the first page is rendered.
 */
export async function prepareAssets(cacheDir = path.join(ROOT, '.cache/assets')): Promise<Asset[]> {
  const sources = await Promise.all((await sourceFiles(path.join(ROOT, 'src'))).map((f) => readFile(f, 'utf8')));
  const kern = pruneCss(await readFile(KERN_CSS, 'utf8'), kernClassesIn(sources));
  const fonts = (await subsetFonts(cacheDir)).map((font) => ({ font, asset: asset(`fonts/${font.name}`, 'font/woff2', font.body) }));
  const fontFaces = fonts
    .map(({ font, asset: a }) =>
      `@font-face{font-family:"Fira Sans";src:url("${a.href}") format("woff2");font-weight:${font.weight};` +
      `font-style:normal;font-display:swap;unicode-range:${font.unicodeRange}}`)
    .join('\n');
  const own = await readFile(path.join(import.meta.dirname, 'site.css'), 'utf8');
  const stylesheet = asset('site.css', 'text/css; charset=utf-8', Buffer.from(`${fontFaces}\n${kern}\n${own}`));
  // Scripts only enhance (pages work without them): proof of work for booking under load, the
  // live queue on displays and phones, the kiosk's print button and return to the start.
  const scripts = await Promise.all(SCRIPTS.map(async (file) => asset(path.basename(file), 'text/javascript; charset=utf-8', await readFile(path.join(ROOT, file)))));
  const list = [stylesheet, ...scripts, ...fonts.map((f) => f.asset)];
  registerAssets(list);
  return list;
}
