import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { subsetFonts } from './fonts.js';
import { kernClassesIn, pruneCss } from './prune-css.js';
import { registerAssets, type Asset } from './registry.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCRIPTS = [
  'src/platform/assets/pow.js',
  'src/queue/assets/queue-live.js',
  'src/queue/assets/kiosk.js',
  'src/queue/assets/kiosk-scan.js',
  'src/renewals/assets/import-progress.js',
];
const KERN_CSS = path.join(ROOT, 'node_modules/@kern-ux/native/dist/kern.css');
// jsQR reads the kiosk's camera where the browser has no BarcodeDetector; served from here (no CDN).
const JSQR = path.join(ROOT, 'node_modules/jsqr');

const brotliOf = (body: Buffer) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 12);

function asset(name: string, type: string, body: Buffer, brotli: Buffer = brotliOf(body)): Asset {
  const hash = hashOf(body);
  const ext = path.extname(name);
  return {
    name,
    href: `/assets/${path.basename(name, ext)}.${hash}${ext}`,
    type,
    body,
    gzip: gzipSync(body, { level: 9 }),
    brotli,
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
  const fonts = (await subsetFonts(cacheDir)).map((font) => ({
    font,
    asset: asset(`fonts/${font.name}`, 'font/woff2', font.body),
  }));
  const fontFaces = fonts
    .map(
      ({ font, asset: a }) =>
        `@font-face{font-family:"Fira Sans";src:url("${a.href}") format("woff2");font-weight:${font.weight};` +
        `font-style:normal;font-display:swap;unicode-range:${font.unicodeRange}}`,
    )
    .join('\n');
  const own = await readFile(path.join(import.meta.dirname, 'site.css'), 'utf8');
  const stylesheet = asset('site.css', 'text/css; charset=utf-8', Buffer.from(`${fontFaces}\n${kern}\n${own}`));
  // Scripts only enhance (pages work without them): proof of work for booking under load, the
  // live queue on displays and phones, the kiosk's print button and return to the start, its camera scan.
  const scripts = await Promise.all(
    SCRIPTS.map(async (file) =>
      asset(path.basename(file), 'text/javascript; charset=utf-8', await readFile(path.join(ROOT, file))),
    ),
  );
  const list = [stylesheet, ...scripts, await jsQrAsset(cacheDir), ...fonts.map((f) => f.asset)];
  registerAssets(list);
  return list;
}

/** jsQR's bundle with its licence notice on top: the bundle itself carries none, Apache-2.0 asks for one. */
async function jsQrAsset(cacheDir: string): Promise<Asset> {
  const { version, license } = JSON.parse(await readFile(path.join(JSQR, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
  };
  const notice =
    `/*! jsQR ${version} | https://github.com/cozmo/jsQR | Copyright the jsQR authors (Cosmo Wolfe, Jefff Nelson and contributors) | License: ${license}\n` +
    ' * Licensed under the Apache License, Version 2.0; you may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0 */\n';
  const body = Buffer.concat([Buffer.from(notice), await readFile(path.join(JSQR, 'dist/jsQR.js'))]);
  // Brotli at its best needs ~0.3 s for these 250 kB: done once and cached by content, like the fonts
  // (written under another name first, so a parallel start never reads half a file).
  const cached = path.join(cacheDir, `jsQR.${hashOf(body)}.br`);
  let brotli: Buffer;
  try {
    brotli = await readFile(cached);
  } catch {
    brotli = brotliOf(body);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(`${cached}.${process.pid}`, brotli);
    await rename(`${cached}.${process.pid}`, cached);
  }
  return asset('jsQR.js', 'text/javascript; charset=utf-8', body, brotli);
}
